using System.Collections.Concurrent;
using FlowGrain.Abstractions.Feed;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Grains;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Time;
using FlowGrain.Console.Tests.Unit.Fakes;
using FlowGrain.Gateway.Console;
using FlowGrain.Gateway.Console.Live;
using FlowGrain.Gateway.Feed;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Limits;
using FlowGrain.Gateway.Observability;
using FlowGrain.Gateway.Queries;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Console.Tests.Unit.Flows;

namespace FlowGrain.Console.Tests.Unit;

/// <summary>
/// A console viewer that falls further behind the live feed than Query:StreamBuffer allows: the real feed and live
/// session over an in-memory cluster, with the viewer's first read of history held so it reads no update at all.
/// </summary>
public sealed class FallingBehindTests
{
    private const int StreamBuffer = 16;
    private const int Updates = 4 * StreamBuffer;

    // The test reads the other viewer's updates a burst at a time, half a buffer, so that viewer never falls behind.
    private const int Burst = StreamBuffer / 2;

    private static readonly TimeSpan Patience = TimeSpan.FromSeconds(10);
    private static readonly WindowGrid Grid = new(new AggregationOptions());

    // Seven seconds into a window: updates still come for the window before, which closes Aggregation:CloseDelay after its end.
    private static readonly long Now = Grid.StartOf(1_800_000_000) + 7;
    private static readonly long FillingWindow = Grid.StartOf(Now);
    private static readonly long PreviousWindow = FillingWindow - Grid.Width;

    [Fact]
    public async Task A_viewer_that_falls_behind_is_cut_off_and_catches_up_without_losing_a_row_while_others_get_every_update()
    {
        var owner = new InMemoryOwner(Grid);
        var history = Enumerable.Range(0, 5).Select(i => Flow($"earlier-{i}", start: FillingWindow - (4 * Grid.Width))).ToArray();
        owner.Add(history);
        using var services = new ServiceCollection().AddMetrics().BuildServiceProvider();
        var meters = services.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>();
        var queryOptions = Options.Create(new QueryOptions { StreamBuffer = StreamBuffer });
        var grains = new InMemoryGrains(new OwnerDirectory("shop"), new Dictionary<string, INamespaceFlowsGrain> { ["shop"] = owner });
        var metrics = new GatewayMetrics(meters);
        var queries = new FlowQueryService(grains, new FlowClock(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now))), Grid, queryOptions,
            new QueryLimits(queryOptions, metrics));
        var feed = new FlowFeed(queryOptions, meters, Grid, new FlowClock(new FakeTimeProvider(DateTimeOffset.FromUnixTimeSeconds(Now))));
        await feed.StartAsync(CancellationToken.None);

        using var keepingUp = feed.Subscribe(FlowFilter.All);
        await using var session = new LiveFlowSession(feed, new LiveStreams(queryOptions, metrics), new LiveBackfill(queries), metrics,
            Options.Create(new ConsoleOptions { MaxRows = 1000 }), NullLogger<LiveFlowSession>.Instance);
        var states = new ConcurrentQueue<LiveState>();
        var caughtUp = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        session.StateChanged += () =>
        {
            states.Enqueue(session.State);
            if (session.State == LiveState.Live && states.Contains(LiveState.CatchingUp)) caughtUp.TrySetResult();
        };

        owner.HoldLists();
        await session.ShowAsync(FlowFilter.All, Now - 900);
        await Within(owner.ListAsked, "the session to read history");

        // The session subscribed before asking for history, so every update below is offered to it; it reads none.
        var sent = new List<AggregatedFlow>();
        var received = new List<AggregatedFlow>();
        for (var update = 0; update < Updates; update++)
        {
            var window = update % 2 == 0 ? PreviousWindow : FillingWindow;
            AggregatedFlow[] flows = [Flow($"update-{update}-a", start: window), Flow($"update-{update}-b", start: window, bytes: 300)];
            owner.Add(flows);
            sent.AddRange(flows);
            await feed.OnFeedAsync(new FeedBatch([Window(FeedWindowState.Provisional, flows)]));
            if ((update + 1) % Burst == 0)
            {
                for (var i = 0; i < Burst; i++) received.AddRange((await Within(keepingUp.ReadAsync().AsTask(), "the next update for a viewer that keeps up")).Flows);
            }
        }

        Assert.Equal(sent, received);
        Assert.Equal(LiveState.Starting, session.State);

        owner.ReleaseLists();
        await Task.WhenAny(caughtUp.Task, Task.Delay(Patience));

        Assert.Equal([LiveState.Live, LiveState.CatchingUp, LiveState.Live], states);
        Assert.Equal(Described(history.Concat(sent)), Described(session.Rows.Snapshot().Select(row => row.Flow)));
        Assert.Equal(2, feed.SubscriberCount);

        var afterwards = Flow("after-catching-up", start: FillingWindow);
        owner.Add([afterwards]);
        await feed.OnFeedAsync(new FeedBatch([Window(FeedWindowState.Provisional, afterwards)]));
        await RowShownAsync(session.Rows, afterwards, "an update after catching up");

        await feed.StopAsync(CancellationToken.None);
    }

    private static async Task<T> Within<T>(Task<T> task, string what)
    {
        try
        {
            return await task.WaitAsync(Patience);
        }
        catch (TimeoutException ex)
        {
            throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what}.", ex);
        }
    }

    // The table raises no event when it changes (its views poll it), so the test polls too.
    private static async Task RowShownAsync(LiveRows rows, AggregatedFlow flow, string what)
    {
        var deadline = DateTime.UtcNow + Patience;
        while (!rows.Snapshot().Any(row => row.Flow.Key.Id == flow.Key.Id))
        {
            if (DateTime.UtcNow > deadline) throw new TimeoutException($"Waited {Patience.TotalSeconds} s for {what} to reach the table.");
            await Task.Delay(10);
        }
    }

    private static List<string> Described(IEnumerable<AggregatedFlow> flows) =>
        [.. flows.Select(flow => $"{flow.Key.SourceName} in {flow.Start}: {flow.Counters.Bytes} B").Order(StringComparer.Ordinal)];
}
