using System.Text.Json;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Http;

/// <summary>The console API's live stream (watch=true): closed windows as Server-Sent Events, resumable, with heartbeats.</summary>
public sealed class WhiskerWatchTests : IAsyncLifetime
{
    private static readonly TimeSpan UntilClosed = TimeSpan.FromSeconds(15 + 20 + 1);
    private readonly HttpClient _http = new() { Timeout = Timeout.InfiniteTimeSpan };
    private GatewayHost _gateway = null!;

    public async Task InitializeAsync() => _gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch),
        settings: new Dictionary<string, string?> { ["Query:Heartbeat"] = "00:00:00.500" });

    public async Task DisposeAsync()
    {
        _http.Dispose();
        await _gateway.DisposeAsync();
    }

    [Fact]
    public async Task Closed_windows_arrive_as_events_with_an_id_each_and_a_reconnect_resumes_without_gap_or_duplicate()
    {
        var ns = Names.Unique("resume");
        var first = _gateway.Now / 15 * 15;
        await ReportAsync(ns, first, 5);
        _gateway.Time.Advance(TimeSpan.FromSeconds(15));
        await ReportAsync(ns, first + 15, 3);
        _gateway.Time.Advance(UntilClosed);

        await using var whole = await OpenAsync(ns, startTimeGte: first);
        var all = await whole.MessagesAsync(8);
        Assert.Equal(8, all.Select(e => e.Id).Distinct().Count());
        Assert.Equal(all.Select(e => e.Id), all.OrderBy(e => Start(e)).ThenBy(e => Key(e)).Select(e => e.Id));

        foreach (var cut in new[] { 1, 3, 5, 7 })
        {
            List<SseEvent> head;
            await using (var first3 = await OpenAsync(ns, startTimeGte: first))
            {
                head = await first3.MessagesAsync(cut);
            }

            await using var resumed = await OpenAsync(ns, startTimeGte: first, lastEventId: head[^1].Id);
            var tail = await resumed.MessagesAsync(8 - cut);
            Assert.Equal(all.Select(e => e.Id), head.Concat(tail).Select(e => e.Id));
        }
    }

    [Fact]
    public async Task A_live_stream_sends_each_window_once_as_it_closes()
    {
        var ns = Names.Unique("live");
        await using var stream = await OpenAsync(ns, startTimeGte: 0);
        var window = _gateway.Now / 15 * 15;
        await ReportAsync(ns, window, 2);
        _gateway.Time.Advance(UntilClosed);

        var rows = await stream.MessagesAsync(2);
        Assert.All(rows, row => Assert.Equal(WindowTime(window), JsonDocument.Parse(row.Data).RootElement.GetProperty("start_time").GetString()));

        await ReportAsync(ns, _gateway.Now / 15 * 15, 1, prefix: "later");
        _gateway.Time.Advance(UntilClosed);
        var next = Assert.Single(await stream.MessagesAsync(1));
        Assert.StartsWith("later", JsonDocument.Parse(next.Data).RootElement.GetProperty("source_name").GetString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_idle_stream_gets_heartbeat_comments()
    {
        await using var stream = await OpenAsync(Names.Unique("idle"), startTimeGte: 0);

        var first = await stream.NextAsync(TimeSpan.FromSeconds(5));
        Assert.Equal(("comment", "ping"), (first.Name, first.Data));
    }

    [Theory]
    [InlineData(2, 8)] // in the middle of a window, resumed from the gateway's recent windows
    [InlineData(4, 8)] // at the end of one
    [InlineData(2, 1)] // the window it was in is no longer kept by the gateway: re-read from the owners
    public async Task A_live_stream_that_reconnects_after_windows_closed_without_it_gets_exactly_the_rows_it_missed(int readBeforeDrop, int recentWindowsKept)
    {
        if (recentWindowsKept != 8)
        {
            await _gateway.DisposeAsync();
            _gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: new Dictionary<string, string?>
            {
                ["Query:Heartbeat"] = "00:00:00.500",
                ["Query:RecentWindowsKept"] = recentWindowsKept.ToString(System.Globalization.CultureInfo.InvariantCulture),
            });
        }

        var ns = Names.Unique("away");
        await using var steady = await OpenAsync(ns, startTimeGte: 0);
        await using var dropping = await OpenAsync(ns, startTimeGte: 0);
        await ReportAsync(ns, _gateway.Now / 15 * 15, 4, prefix: "first");
        _gateway.Time.Advance(UntilClosed);
        var seen = await dropping.MessagesAsync(readBeforeDrop);
        await dropping.DisposeAsync(); // the browser loses its connection

        foreach (var prefix in new[] { "second", "third" })
        {
            await ReportAsync(ns, _gateway.Now / 15 * 15, 3, prefix);
            _gateway.Time.Advance(UntilClosed);
        }

        // The reader that stayed has every row, so both windows closed while the other one was away.
        var everything = await steady.MessagesAsync(4 + 3 + 3);
        Assert.Equal(3, everything.Select(Start).Distinct().Count());
        await using var resumed = await OpenAsync(ns, startTimeGte: 0, lastEventId: seen[^1].Id);
        var missed = await resumed.MessagesAsync(everything.Count - readBeforeDrop);

        Assert.Equal(everything.Select(e => (e.Id, e.Data)), seen.Concat(missed).Select(e => (e.Id, e.Data)));
        Assert.Equal("comment", (await resumed.NextAsync(TimeSpan.FromSeconds(5))).Name); // after the missed rows, a heartbeat: no repeat
    }

    [Fact]
    public async Task A_reader_that_does_not_read_never_delays_another_and_still_gets_every_row_later()
    {
        var ns = Names.Unique("slow");
        var start = _gateway.Now / 15 * 15;
        // Both connections buffer little, so the gateway can write to the fast reader only as fast as it reads.
        using var stalled = new SmallReceiveBufferClient(64 * 1024);
        using var reading = new SmallReceiveBufferClient(64 * 1024);
        await using var slow = await OpenAsync(ns, startTimeGte: start, http: stalled.Http);
        await using var fast = await OpenAsync(ns, startTimeGte: start, http: reading.Http);

        // About 15 MB of events (each row carries 24 labels of 1 kB, twice): after the first few MB the gateway's
        // socket send buffer (Linux auto-tunes it up to 4 MB) is full and its writer for the slow reader blocks,
        // while the fast one goes on getting each window live, as it closes.
        const int windows = 6, keys = 50;
        string[] bulky = [.. Enumerable.Range(0, 24).Select(i => $"note-{i}=" + new string('x', 1000))];
        var fastRows = new List<SseEvent>();
        for (var w = 0; w < windows; w++)
        {
            var window = start + (15 * w);
            await ReportAsync(ns, window, keys, extraLabels: bulky);
            _gateway.Time.SetUtcNow(DateTimeOffset.FromUnixTimeSeconds(window) + UntilClosed);
            fastRows.AddRange(await fast.MessagesAsync(keys, TimeSpan.FromSeconds(10)));
        }

        var slowReceived = stalled.UnreadBytes; // it reads nothing until now, so this is all that reached it
        var fastBytes = fastRows.Sum(r => (long)r.Data.Length);
        Assert.True(fastBytes > 10_000_000, $"only {fastBytes} bytes of events: too few to fill the buffers on the way");
        Assert.True(slowReceived > 0 && slowReceived < fastBytes / 20,
            $"the slow reader holds {slowReceived} unread bytes (buffer {stalled.ReceiveBufferBytes}) while the fast one got {fastBytes}");
        var byWindow = fastRows.GroupBy(Start).ToList();
        Assert.Equal(Enumerable.Range(0, windows).Select(w => start + (15 * w)), byWindow.Select(g => g.Key));
        Assert.All(byWindow, window => Assert.Equal(keys, window.Select(Key).Distinct().Count()));

        var slowRows = await slow.MessagesAsync(windows * keys, TimeSpan.FromSeconds(10));
        Assert.Equal(fastRows.Select(r => (r.Id, r.Data)), slowRows.Select(r => (r.Id, r.Data)));
    }

    [Fact]
    public async Task With_provisional_rows_asked_for_a_window_still_filling_shows_its_rows_so_far_then_the_closed_row_with_an_id()
    {
        var ns = Names.Unique("provisional");
        await using var stream = await OpenAsync(ns, startTimeGte: 0, provisional: true);
        var window = _gateway.Now / 15 * 15;
        await ReportAsync(ns, window, 1);

        var first = await NextNamedAsync(stream, "provisional");
        Assert.Null(first.Id); // not resumable: superseded by later rows
        Assert.Equal(WindowTime(window), Field(first, "start_time"));
        Assert.Equal("1", Field(first, "packets_in"));

        // The same key from another node in the same window: a later provisional row carries both reports.
        await NodeClient.ReportAsync(_gateway, "node-2", [Update(ns, "app-0-*", ns, "db-*", window + 2, sourceLabels: ["app=app-0", "team=x"])]);
        await _gateway.DrainAsync();
        SseEvent again;
        do
        {
            _gateway.Time.Advance(TimeSpan.FromSeconds(1));
            again = await NextNamedAsync(stream, "provisional");
        }
        while (Field(again, "packets_in") != "2");
        Assert.Equal(Field(first, "id"), Field(again, "id"));

        _gateway.Time.Advance(UntilClosed);
        var closed = Assert.Single(await stream.MessagesAsync(1));
        Assert.NotNull(closed.Id);
        Assert.Equal((Field(first, "id"), "2"), (Field(closed, "id"), Field(closed, "packets_in")));
    }

    [Fact]
    public async Task A_stream_without_provisional_rows_gets_none_and_a_bad_value_is_refused_by_name()
    {
        var ns = Names.Unique("final");
        await using var stream = await OpenAsync(ns, startTimeGte: 0);
        await ReportAsync(ns, _gateway.Now / 15 * 15, 1);
        _gateway.Time.Advance(TimeSpan.FromSeconds(3));
        _gateway.Time.Advance(UntilClosed);
        var next = await stream.NextAsync();
        while (next.Name == "comment") next = await stream.NextAsync();
        Assert.Equal("message", next.Name);
        Assert.NotNull(next.Id);

        using var refused = await _http.GetAsync($"http://127.0.0.1:{_gateway.HttpPort}/whisker-backend/flows?watch=true&provisional=maybe");
        Assert.Equal(System.Net.HttpStatusCode.BadRequest, refused.StatusCode);
        Assert.Contains("provisional", await refused.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    private static string? Field(SseEvent e, string name) =>
        JsonDocument.Parse(e.Data).RootElement.GetProperty(name) is var value && value.ValueKind == JsonValueKind.Number ? value.GetRawText() : value.GetString();

    private static async Task<SseEvent> NextNamedAsync(SseReader stream, string name)
    {
        var next = await stream.NextAsync();
        while (next.Name != name) next = await stream.NextAsync();
        return next;
    }

    private Task<SseReader> OpenAsync(string ns, long startTimeGte, string? lastEventId = null, HttpClient? http = null, bool provisional = false)
    {
        var filters = Uri.EscapeDataString($$"""{"source_namespaces":[{"value":"{{ns}}"}]}""");
        return SseReader.OpenAsync(http ?? _http,
            $"http://127.0.0.1:{_gateway.HttpPort}/whisker-backend/flows?watch=true&startTimeGte={startTimeGte}&filters={filters}{(provisional ? "&provisional=true" : "")}", lastEventId);
    }

    private async Task ReportAsync(string ns, long start, int keys, string prefix = "app", string[]? extraLabels = null)
    {
        var updates = Enumerable.Range(0, keys).Select(i => Update(ns, $"{prefix}-{i}-*", ns, "db-*", start + 1,
            sourceLabels: [$"app={prefix}-{i}", "team=x", .. extraLabels ?? []])).ToArray();
        await NodeClient.ReportAsync(_gateway, "node-1", updates);
        await _gateway.DrainAsync();
    }

    private static long Start(SseEvent e) => long.Parse(e.Id!.Split('-')[0], System.Globalization.CultureInfo.InvariantCulture);

    private static long Key(SseEvent e) => long.Parse(e.Id!.Split('-')[1], System.Globalization.CultureInfo.InvariantCulture);

    private static string WindowTime(long start) => DateTimeOffset.FromUnixTimeSeconds(start).UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", System.Globalization.CultureInfo.InvariantCulture);
}
