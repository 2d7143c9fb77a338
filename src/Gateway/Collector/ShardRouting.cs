using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Shards;
using FlowGrain.Abstractions.Time;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Collector;

/// <summary>
/// Which owner grain takes a report: its owner's namespace, split by hash of the reporting node into the number of
/// shards the cluster's schedule has for the report's window. This gateway proposes its configuration
/// (Aggregation:DefaultShards, Aggregation:Shards:&lt;namespace&gt;) to the schedule and refreshes it every few
/// seconds; no report is routed before the schedule is known.
/// </summary>
public sealed partial class ShardRouting(IGrainFactory grains, IOptions<AggregationOptions> options, WindowGrid grid, ILogger<ShardRouting> logger)
    : BackgroundService
{
    private static readonly TimeSpan Refresh = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ProposeEvery = TimeSpan.FromSeconds(30);

    private readonly TaskCompletionSource _known = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ShardSchedule _schedule = ShardSchedule.Unsplit;

    /// <summary>Completes once the schedule is known.</summary>
    public Task Known => _known.Task;

    /// <summary>The schedule this gateway routes by.</summary>
    public ShardSchedule Schedule => Volatile.Read(ref _schedule);

    /// <summary>The key of the owner grain (or shard) that takes <paramref name="report"/>.</summary>
    public string OwnerKeyOf(FlowReport report)
    {
        var ns = report.Key.Owner;
        return OwnerShard.KeyOf(ns, report.Node, Schedule.ShardsAt(ns, grid.StartOf(report.StartTime)));
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        var settings = new ShardSettings(options.Value.DefaultShards, options.Value.Shards.ToImmutableDictionary(StringComparer.Ordinal));
        var map = grains.GetGrain<IShardMapGrain>(0);
        var proposed = DateTimeOffset.MinValue;
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                var propose = DateTimeOffset.UtcNow - proposed >= ProposeEvery;
                Volatile.Write(ref _schedule, propose ? await map.ProposeAsync(settings) : await map.GetAsync());
                if (propose) proposed = DateTimeOffset.UtcNow;
                _known.TrySetResult();
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The cluster is not reachable: routing goes on by the schedule last seen (changes are set a minute ahead).
                LogRefreshFailed(logger, ex);
            }

            await Task.Delay(_known.Task.IsCompleted ? Refresh : TimeSpan.FromMilliseconds(200), stoppingToken).ContinueWith(_ => { }, TaskScheduler.Default);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Could not read the shard schedule from the cluster; routing by the one last seen")]
    private static partial void LogRefreshFailed(ILogger logger, Exception exception);
}
