using FlowGrain.Gateway.Hosting;
using FlowGrain.Hosting;
using Microsoft.AspNetCore.DataProtection;
using Microsoft.Extensions.DependencyInjection;

namespace FlowGrain.Gateway.Tests.Hosting;

/// <summary>Gateways of one cluster share the keys of sign-in cookies and antiforgery tokens through Redis.</summary>
public sealed class SharedDataProtectionTests
{
    [Fact]
    public async Task What_one_gateway_of_a_cluster_protects_another_reads_even_after_both_restarted()
    {
        using var redis = await RedisServer.StartAsync();
        var settings = Settings(("Cluster:Membership", "Redis"), ("Cluster:Redis", redis.ConnectionString), ("Cluster:ServiceId", "shared-keys"));

        string cookie;
        using (var first = Gateway(settings))
        {
            cookie = first.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Protect("operator");
        }

        using var second = Gateway(settings);
        Assert.Equal("operator", second.GetRequiredService<IDataProtectionProvider>().CreateProtector("sign-in").Unprotect(cookie));
        Assert.Equal(":1", await redis.CommandAsync($"EXISTS {SharedDataProtection.KeyOf(settings)}"));
    }

    [Fact]
    public void Gateways_of_different_services_do_not_read_each_others_cookies()
    {
        var settings = Settings(("Cluster:ServiceId", "a"));
        Assert.NotEqual(SharedDataProtection.KeyOf(settings), SharedDataProtection.KeyOf(Settings(("Cluster:ServiceId", "b"))));
    }

    private static ServiceProvider Gateway(ClusterSettings settings) =>
        new ServiceCollection().AddLogging().AddFlowGrainDataProtection(settings).BuildServiceProvider();

    private static ClusterSettings Settings(params (string Key, string Value)[] values) => ClusterSettingsTests.Read(values);
}
