using System.IO;
using System.Text.Json;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>
/// A Bearer-mode gateway holding five flows among namespaces A, B, C and D, and tokens for "A and B" and for all.
/// A token for A and B may see the flows with an end in A or B (a1, b1, c2) and never those only of C and D (c3, c5).
/// </summary>
public sealed class ScopedDataset : IAsyncLifetime
{
    public const string TeamToken = "team-token-0123456789";
    public const string AdminToken = "admin-token-0123456789";

    private readonly string _directory = Path.Combine(Path.GetTempPath(), "flowgrain-auth-" + Guid.NewGuid().ToString("N"));

    public FakeTimeProvider Time { get; } = new(GatewayFixture.Epoch);

    public GatewayHost Gateway { get; private set; } = null!;

    public string A { get; } = Names.Unique("team-a");
    public string B { get; } = Names.Unique("team-b");
    public string C { get; } = Names.Unique("other-c");
    public string D { get; } = Names.Unique("other-d");

    public string TokensFile => Path.Combine(_directory, "tokens.json");

    /// <summary>Start of the window the flows are in.</summary>
    public long Window { get; private set; }

    /// <summary>Source names (and policy names, "pol-" + name) of the flows the team may see.</summary>
    public static readonly string[] Visible = ["a1", "b1", "c2"];

    /// <summary>Source names of the flows only of C and D.</summary>
    public static readonly string[] Hidden = ["c3", "c5"];

    public async Task InitializeAsync()
    {
        Directory.CreateDirectory(_directory);
        WriteTokens((TeamToken, "team", [A, B]), (AdminToken, "admin", ["*"]));
        Gateway = await GatewayHost.StartAsync(Time, settings: new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Bearer",
            ["Auth:TokensFile"] = TokensFile,
            ["Tls:ReloadInterval"] = "00:00:00.2",
        });

        Window = Gateway.Now / 15 * 15;
        var start = Window + 1;
        // The collector needs no token: nodes are trusted by mutual TLS, not by the query APIs' credentials.
        await NodeClient.ReportAsync(Gateway, "node-1",
            Flow(A, "a1", A, "a2", start), Flow(B, "b1", C, "c1", start), Flow(C, "c2", A, "a3", start),
            Flow(C, "c3", C, "c4", start), Flow(C, "c5", D, "d1", start));
        await Gateway.DrainAsync();
    }

    public void WriteTokens(params (string Token, string Name, string[] Namespaces)[] tokens) =>
        File.WriteAllText(TokensFile, JsonSerializer.Serialize(tokens.Select(t => new { name = t.Name, token = t.Token, namespaces = t.Namespaces })));

    public static Grpc.Core.Metadata Bearer(string token) => new() { { "authorization", "Bearer " + token } };

    public async Task DisposeAsync()
    {
        await Gateway.DisposeAsync();
        Directory.Delete(_directory, recursive: true);
    }

    private static FlowUpdate Flow(string sourceNamespace, string source, string destNamespace, string dest, long start) =>
        Update(sourceNamespace, source, destNamespace, dest, start, bytesIn: 1,
            enforced: [Hit(PolicyKind.NetworkPolicy, sourceNamespace, "pol-" + source, "default", FlowGrain.Protocol.Action.Allow)]);
}
