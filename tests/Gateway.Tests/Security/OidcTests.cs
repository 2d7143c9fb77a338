using System.Net;
using System.Net.Http;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using Grpc.Core;
using Microsoft.Extensions.Time.Testing;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Security;

/// <summary>Oidc mode: JWTs of the provider for the APIs, namespaces from a claim, the admin group sees all; the console signs in with the provider.</summary>
public sealed class OidcTests
{
    private const string ClientId = "flowgrain-console";

    [Fact]
    public async Task Tokens_of_the_provider_carry_namespaces_or_the_admin_group_and_others_are_refused()
    {
        await using var provider = await FakeIdentityProvider.StartAsync();
        await using var gateway = await GatewayHost.StartAsync(new FakeTimeProvider(GatewayFixture.Epoch), settings: new Dictionary<string, string?>
        {
            ["Auth:Mode"] = "Oidc",
            ["Auth:Oidc:Authority"] = provider.Issuer,
            ["Auth:Oidc:ClientId"] = ClientId,
            ["Auth:Oidc:AdminGroup"] = "network-admins",
            ["Auth:Oidc:RequireHttpsMetadata"] = "false",
        });
        var x = Names.Unique("oidc-x");
        var y = Names.Unique("oidc-y");
        await NodeClient.ReportAsync(gateway, "node-1", Update(x, "in-x", x, "b", gateway.Now - 20), Update(y, "in-y", y, "b", gateway.Now - 20));
        await gateway.DrainAsync();
        var both = new Filter { SourceNamespaces = { Exact(x), Exact(y) } };

        var member = provider.Token(ClientId, new Dictionary<string, object> { ["sub"] = "alice", ["flowgrain_namespaces"] = new[] { x } });
        Assert.Equal(["in-x"], await SourcesAsync(gateway, both, member));

        var admin = provider.Token(ClientId, new Dictionary<string, object> { ["sub"] = "root", ["groups"] = new[] { "network-admins", "staff" } });
        Assert.Equal(["in-x", "in-y"], await SourcesAsync(gateway, both, admin));

        var stranger = provider.Token(ClientId, new Dictionary<string, object> { ["sub"] = "bob" });
        Assert.Empty(await SourcesAsync(gateway, both, stranger));

        foreach (var refused in new[]
        {
            provider.Token("another-app", new Dictionary<string, object> { ["sub"] = "alice", ["flowgrain_namespaces"] = new[] { x } }),
            provider.Token(ClientId, new Dictionary<string, object> { ["sub"] = "alice" }, lifetime: TimeSpan.FromMinutes(1), notBefore: DateTime.UtcNow.AddHours(-1)),
            member[..^4] + "AAAA",
        })
        {
            var failure = await Assert.ThrowsAsync<RpcException>(() => SourcesAsync(gateway, both, refused));
            Assert.Equal(StatusCode.Unauthenticated, failure.StatusCode);
        }

        // The console sends a browser to the provider's sign-in, as this client, with PKCE.
        using var browser = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false });
        using var signIn = await browser.GetAsync(new Uri($"http://127.0.0.1:{gateway.HttpPort}/"));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        var authorize = signIn.Headers.Location!;
        Assert.StartsWith(provider.Issuer + "/authorize", authorize.ToString(), StringComparison.Ordinal);
        Assert.Contains("client_id=" + ClientId, authorize.Query, StringComparison.Ordinal);
        Assert.Contains("code_challenge=", authorize.Query, StringComparison.Ordinal);
    }

    private static async Task<string[]> SourcesAsync(GatewayHost gateway, Filter filter, string token)
    {
        var result = await new Flows.FlowsClient(gateway.Channel).ListAsync(new FlowListRequest { Filter = filter },
            new Metadata { { "authorization", "Bearer " + token } });
        return [.. result.Flows.Select(f => f.Flow.Key.SourceName).Order(StringComparer.Ordinal)];
    }
}
