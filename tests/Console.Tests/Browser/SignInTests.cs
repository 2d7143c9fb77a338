using System.IO;
using System.Text.Json;
using FlowGrain.Console.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Grpc.Net.Client;
using static Microsoft.Playwright.Assertions;

namespace FlowGrain.Console.Tests.Browser;

/// <summary>
/// A gateway in Bearer mode, driven in Chromium: the console sends a stranger to sign in, takes a token, and shows
/// that token's viewer only flows with an end in its namespaces (in the live table and in history) while demo
/// traffic of other namespaces keeps arriving; signing out, or the token leaving the file, ends the session.
/// </summary>
[Collection(SharedGateway.Name)]
public sealed class SignInTests(ConsoleFixture fixture) : IAsyncLifetime
{
    private const string TeamToken = "team-token-0123456789";

    private readonly string _tokens = Path.Combine(Path.GetTempPath(), $"flowgrain-console-tokens-{Guid.NewGuid():N}.json");
    private readonly string _tag = FlowGenRuns.NewTag("auth");
    private GatewayProcess _gateway = null!;
    private long _reportedWindow;

    private string A => _tag + "-a";
    private string B => _tag + "-b";
    private string C => _tag + "-c";
    private string D => _tag + "-d";

    public async Task InitializeAsync()
    {
        File.WriteAllText(_tokens, JsonSerializer.Serialize(new[] { new { name = "team-ab", token = TeamToken, namespaces = new[] { A, B } } }));
        _gateway = await GatewayProcess.StartAsync("--Auth:Mode=Bearer", $"--Auth:TokensFile={_tokens}");
    }

    public async Task DisposeAsync()
    {
        await _gateway.DisposeAsync();
        File.Delete(_tokens);
    }

    [Fact]
    public async Task A_token_for_two_namespaces_signs_in_and_sees_only_their_flows_live_and_in_history()
    {
        await ReportAsync();
        var context = await fixture.Chromium.Browser.NewContextAsync(new() { AcceptDownloads = true });
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(_gateway.Url, "/?range=-900").ToString());
            await Expect(page.GetByLabel("Access token")).ToBeVisibleAsync();

            await page.GetByLabel("Access token").FillAsync("not-a-token-of-this-gateway");
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            await Expect(page.GetByRole(Microsoft.Playwright.AriaRole.Alert)).ToContainTextAsync("not one of this gateway's");

            await page.GetByLabel("Access token").FillAsync(TeamToken);
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            var console = new ConsolePage(page, _gateway);
            await Expect(console.TestId("toolbar")).ToBeVisibleAsync();
            await Expect(console.TestId("viewer")).ToHaveTextAsync("team-ab");

            // Live: the three visible flows arrive; the two of C and D and the demo's never do.
            await Expect(console.Rows).ToHaveCountAsync(3, new() { Timeout = 30_000 });
            await AssertOnlyVisibleRowsAsync(console);

            // The export carries the same rows: nothing that belongs only to C and D.
            var csv = Csv.Parse(await ExportTests.DownloadAsync(console, "export-csv"));
            var sourceName = Array.IndexOf(csv[0], "source_name");
            Assert.Equal(["a1", "b1", "c2"], csv.Skip(1).Select(fields => fields[sourceName]).Order(StringComparer.Ordinal));

            // History shows closed windows: wait until the flows' window has closed (15 s window, 20 s close delay).
            while (DateTimeOffset.UtcNow.ToUnixTimeSeconds() < _reportedWindow + 15 + 20 + 2) await Task.Delay(500);
            await console.GotoAsync("/?view=history&range=-900");
            await Expect(console.Rows).ToHaveCountAsync(3, new() { Timeout = 30_000 });
            await AssertOnlyVisibleRowsAsync(console);

            // A URL that filters on C cannot show C's own flows: only the one that reaches A.
            await console.GotoAsync(ConsolePage.Filtered($$"""{"source_namespaces":[{"value":"{{C}}"}]}""", "&view=history"));
            await Expect(console.Rows).ToHaveCountAsync(1, new() { Timeout = 30_000 });
            Assert.Equal([A], await console.ColumnAsync("Destination namespace"));

            await console.TestId("sign-out").ClickAsync();
            await Expect(page.GetByLabel("Access token")).ToBeVisibleAsync();
            await page.GotoAsync(new Uri(_gateway.Url, "/?range=-900").ToString());
            await Expect(page.GetByLabel("Access token")).ToBeVisibleAsync();
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    [Fact]
    public async Task Removing_a_token_from_the_file_ends_an_open_console_session_and_asks_for_sign_in()
    {
        var context = await fixture.Chromium.Browser.NewContextAsync();
        try
        {
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(_gateway.Url, "/?range=-900").ToString());
            await page.GetByLabel("Access token").FillAsync(TeamToken);
            await page.GetByRole(Microsoft.Playwright.AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
            var console = new ConsolePage(page, _gateway);
            await Expect(console.TestId("viewer")).ToHaveTextAsync("team-ab");

            // The file is re-read and the open page revalidated every Tls:ReloadInterval (10 s).
            File.WriteAllText(_tokens, JsonSerializer.Serialize(new[] { new { name = "someone-else", token = "other-token-0123456789", namespaces = new[] { C } } }));
            await Expect(page.GetByLabel("Access token")).ToBeVisibleAsync(new() { Timeout = 60_000 });
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task AssertOnlyVisibleRowsAsync(ConsolePage console)
    {
        var sources = await console.ColumnAsync("Source namespace");
        var dests = await console.ColumnAsync("Destination namespace");
        Assert.All(sources.Zip(dests), pair => Assert.True(pair.First == A || pair.First == B || pair.Second == A || pair.Second == B, $"{pair.First} -> {pair.Second}"));
        Assert.Equal(["a1", "b1", "c2"], (await console.ColumnAsync("Source name")).Order(StringComparer.Ordinal));
    }

    /// <summary>A→A, B→C, C→A (visible to A and B), C→C, C→D (not), from one node, over the collector (which needs no token).</summary>
    private async Task ReportAsync()
    {
        using var channel = GrpcChannel.ForAddress($"http://{_gateway.Collector}");
        using var call = new FlowCollector.FlowCollectorClient(channel).Connect(new Metadata { { "x-flowgrain-node", "node-auth" } });
        var start = DateTimeOffset.UtcNow.ToUnixTimeSeconds() - 2;
        _reportedWindow = start / 15 * 15;
        foreach (var (sourceNs, source, destNs, dest) in new[] { (A, "a1", A, "a2"), (B, "b1", C, "c1"), (C, "c2", A, "a3"), (C, "c3", C, "c4"), (C, "c5", D, "d1") })
        {
            await call.RequestStream.WriteAsync(new FlowUpdate
            {
                Flow = new Flow
                {
                    Key = new FlowKey
                    {
                        SourceNamespace = sourceNs, SourceName = source, SourceType = EndpointType.WorkloadEndpoint,
                        DestNamespace = destNs, DestName = dest, DestType = EndpointType.WorkloadEndpoint,
                        DestPort = 443, Proto = "tcp", Reporter = Reporter.Src, Action = FlowGrain.Protocol.Action.Allow,
                    },
                    StartTime = start, EndTime = start + 1, BytesIn = 10, PacketsIn = 1, NumConnectionsStarted = 1,
                },
            });
            Assert.True(await call.ResponseStream.MoveNext(CancellationToken.None));
        }

        await call.RequestStream.CompleteAsync();
    }
}
