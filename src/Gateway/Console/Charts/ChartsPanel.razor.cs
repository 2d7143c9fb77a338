using System.Globalization;
using FlowGrain.Abstractions.Queries;
using MudBlazor;

namespace FlowGrain.Gateway.Console.Charts;

/// <summary>Reads the range per time bucket and as a whole, and the Statistics API, and turns them into chart series.</summary>
public sealed partial class ChartsPanel
{
    private const int Bars = 8;

    private readonly LineChartOptions _flowOptions = new() { ShowDataMarkers = false, MaxNumYAxisTicks = 5, ChartPalette = ["#1e88e5", "#e53935"] };
    private readonly LineChartOptions _byteOptions = new() { ShowDataMarkers = false, MaxNumYAxisTicks = 5, ChartPalette = ["#00897b"] };
    private readonly BarChartOptions _talkerOptions = new() { XAxisLabelRotation = 25, MaxNumYAxisTicks = 5, ChartPalette = ["#5e35b1"] };
    private readonly StackedBarChartOptions _policyOptions = new() { XAxisLabelRotation = 25, MaxNumYAxisTicks = 5, ChartPalette = ["#43a047", "#e53935", "#1e88e5"] };

    private TrafficTimeline? _timeline;
    private bool _partial;
    private string[] _timeLabels = [];
    private List<ChartSeries<double>> _flowSeries = [];
    private List<ChartSeries<double>> _byteSeries = [];
    private ByteUnit _byteUnit = ByteUnit.For(0);
    private string[] _talkerLabels = [];
    private List<ChartSeries<double>> _talkerSeries = [];
    private ByteUnit _talkerUnit = ByteUnit.For(0);
    private string[] _policyLabels = [];
    private List<ChartSeries<double>> _policySeries = [];

    private string Caption => _timeline is null
        ? "Loading…"
        : $"{Utc(Range.From)} – {Utc(Range.Until)} UTC, points every {Bucket(_timeline)} s. Bytes count each conversation once; policy hits follow the policy filter only.";

    protected override async Task LoadAsync(TimeRange range, FlowFilter filter, CancellationToken cancellationToken)
    {
        var bucket = TrafficTimeline.BucketFor(range, Traffic.Flows.Grid.WidthAt(range.From, Traffic.Flows.Now));
        var perBucket = Traffic.RowsAsync(range, filter, bucket, cancellationToken);
        var whole = Traffic.RowsAsync(range, filter, 0, cancellationToken);
        var policies = Traffic.PolicyHitsAsync(range, filter, cancellationToken);

        var timeline = TrafficTimeline.Build((await perBucket).Rows, range, bucket);
        _timeline = timeline;
        _timeLabels = [.. timeline.BucketStarts.Select((start, i) => i % Math.Max(1, timeline.BucketStarts.Count / 6) == 0 ? Utc(start) : "")];
        _flowSeries =
        [
            new() { Name = "Flows", Data = timeline.Flows },
            new() { Name = "Denied flows", Data = timeline.DeniedFlows },
        ];
        _byteUnit = ByteUnit.For(timeline.Bytes.DefaultIfEmpty().Max());
        _byteSeries = [new() { Name = $"Bytes ({_byteUnit.Name})", Data = _byteUnit.Scale(timeline.Bytes) }];

        var sample = await whole;
        _partial = (await perBucket).Partial || sample.Partial;
        var talkers = TopTalkers.Of(sample.Rows, Bars);
        _talkerUnit = ByteUnit.For(talkers.Select(t => (double)t.Bytes).DefaultIfEmpty().Max());
        _talkerLabels = [.. talkers.Select(t => ChartLabels.Talker(t.Source))];
        _talkerSeries = [new() { Name = $"Bytes ({_talkerUnit.Name})", Data = _talkerUnit.Scale(talkers.Select(t => (double)t.Bytes)) }];

        var hits = PolicyHits.Top(await policies, Bars);
        _policyLabels = [.. hits.Select(h => ChartLabels.Policy(h.Policy))];
        _policySeries =
        [
            new() { Name = "Allowed", Data = hits.Select(h => (double)h.Allowed).ToArray() },
            new() { Name = "Denied", Data = hits.Select(h => (double)h.Denied).ToArray() },
            new() { Name = "Passed", Data = hits.Select(h => (double)h.Passed).ToArray() },
        ];
    }

    private static long Bucket(TrafficTimeline timeline) =>
        timeline.BucketStarts.Count > 1 ? timeline.BucketStarts[1] - timeline.BucketStarts[0] : 0;

    private static string Utc(long seconds) =>
        DateTimeOffset.FromUnixTimeSeconds(seconds).UtcDateTime.ToString("HH:mm:ss", CultureInfo.InvariantCulture);
}
