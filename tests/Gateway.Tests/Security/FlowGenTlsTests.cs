using System.IO;
using System.Text.Json;
using FlowGrain.FlowGen;
using FlowGrain.Gateway.Tests.Infrastructure;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>FlowGen as Felix with a shared node certificate: reports over mutual TLS, and verifies its totals with a token, counted exactly.</summary>
public sealed class FlowGenTlsTests
{
    private const string AdminToken = "admin-token-0123456789";

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task FlowGen_reports_and_verifies_through_mutual_TLS_or_plaintext_with_a_token(bool tls)
    {
        using var pki = new TestCertificates();
        var server = pki.Server("localhost");
        var tokens = Path.Combine(pki.Directory, "tokens.json");
        File.WriteAllText(tokens, JsonSerializer.Serialize(new[] { new { name = "admin", token = AdminToken, namespaces = new[] { "*" } } }));
        var settings = new Dictionary<string, string?> { ["Auth:Mode"] = "Bearer", ["Auth:TokensFile"] = tokens };
        if (tls)
        {
            settings["Tls:CertificateFile"] = server.CertificateFile;
            settings["Tls:KeyFile"] = server.KeyFile;
            settings["Tls:ClientCaFile"] = pki.CaFile;
            // FlowGen's nodes share one certificate and name themselves in a header, as nodes behind a shared
            // certificate must be told apart (with the certificate's name alone they would count as one node).
            settings["Tls:NodeIdentity"] = "CertificateAndHeader";
        }

        // FlowGen stamps flows with the real time: the gateway's clock follows it.
        var time = new FakeTimeProvider(DateTimeOffset.UtcNow);
        using var following = new CancellationTokenSource();
        var follow = Task.Run(async () =>
        {
            while (!following.IsCancellationRequested)
            {
                time.SetUtcNow(DateTimeOffset.UtcNow);
                await Task.Delay(100, CancellationToken.None);
            }
        });
        await using var gateway = await GatewayHost.StartAsync(time, settings: settings);
        var node = pki.Client("node-1");
        var options = new FlowGenOptions
        {
            Target = $"localhost:{gateway.GrpcPort}",
            Nodes = 3,
            FlowsPerNode = 20,
            Namespaces = 2,
            Interval = TimeSpan.FromSeconds(1),
            Duration = TimeSpan.FromSeconds(2),
            Tag = Names.Unique("flowgen-tls"),
            Verify = true,
            VerifyTimeout = TimeSpan.FromSeconds(60),
            ProgressEvery = null,
            CaFile = tls ? pki.CaFile : null,
            CertificateFile = tls ? node.CertificateFile : null,
            KeyFile = tls ? node.KeyFile : null,
            Token = AdminToken,
        };
        Assert.Null(options.Problem());

        using var output = new StringWriter();
        var exit = await new FlowGenerator(options, output).RunAsync(CancellationToken.None).WaitAsync(TimeSpan.FromSeconds(90));
        await following.CancelAsync();
        await follow;
        Assert.True(exit == 0, output.ToString());
        Assert.Contains("verify: OK", output.ToString(), StringComparison.Ordinal);
    }
}
