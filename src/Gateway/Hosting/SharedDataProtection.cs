using FlowGrain.Hosting;
using Microsoft.AspNetCore.DataProtection;
using StackExchange.Redis;

namespace FlowGrain.Gateway.Hosting;

/// <summary>
/// The keys that protect sign-in cookies, the console's antiforgery tokens and its circuits. Gateways of one cluster
/// keep them in the cluster's Redis, so a browser signed in at one gateway stays signed in at the others and after a
/// restart; a standalone gateway keeps them as ASP.NET Core does by default (its user profile, else memory).
/// </summary>
public static class SharedDataProtection
{
    public const string ApplicationName = "FlowGrain";

    /// <summary>Where in Redis: one list per <c>Cluster:ServiceId</c>, beside the windows it prefixes too.</summary>
    public static RedisKey KeyOf(ClusterSettings settings) => $"{settings.Cluster.ServiceId}:data-protection-keys";

    public static IServiceCollection AddFlowGrainDataProtection(this IServiceCollection services, ClusterSettings settings)
    {
        var dataProtection = services.AddDataProtection().SetApplicationName(ApplicationName);
        if (settings.Cluster.Membership != ClusterMembership.Redis) return services;

        // Connected on first use: start-up waits for Redis elsewhere (RedisStartupGate), with its own messages.
        var options = ConfigurationOptions.Parse(settings.Cluster.Redis!);
        options.AbortOnConnectFail = false;
        var redis = new Lazy<ConnectionMultiplexer>(() => ConnectionMultiplexer.Connect(options));
        dataProtection.PersistKeysToStackExchangeRedis(() => redis.Value.GetDatabase(), KeyOf(settings));
        return services;
    }
}
