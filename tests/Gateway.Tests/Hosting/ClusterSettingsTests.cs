using FlowGrain.Hosting;
using FlowGrain.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Tests.Hosting;

/// <summary>The Cluster and Storage sections read together: sane defaults, overrides, and errors that name the key.</summary>
public sealed class ClusterSettingsTests
{
    [Fact]
    public void By_default_a_process_is_standalone_with_memory_storage()
    {
        var settings = Read();
        Assert.Equal(ClusterMembership.Localhost, settings.Cluster.Membership);
        Assert.Equal(WindowStorageProvider.Memory, settings.Storage);
        Assert.Empty(settings.RedisServers());
    }

    [Fact]
    public void Redis_membership_stores_windows_in_the_same_redis_unless_told_otherwise()
    {
        var same = Read(("Cluster:Membership", "Redis"), ("Cluster:Redis", "redis-a:6379"));
        Assert.Equal(WindowStorageProvider.Redis, same.Storage);
        Assert.Equal("redis-a:6379", same.StorageRedis);
        Assert.Equal([("Cluster:Redis", "redis-a:6379")], same.RedisServers());

        var apart = Read(("Cluster:Membership", "Redis"), ("Cluster:Redis", "redis-a:6379"), ("Storage:Redis", "redis-b:6380"));
        Assert.Equal("redis-b:6380", apart.StorageRedis);
        Assert.Equal([("Cluster:Redis", "redis-a:6379"), ("Storage:Redis", "redis-b:6380")], apart.RedisServers());

        var memory = Read(("Cluster:Membership", "Redis"), ("Cluster:Redis", "redis-a:6379"), ("Storage:Provider", "Memory"));
        Assert.Equal(WindowStorageProvider.Memory, memory.Storage);
        Assert.Null(memory.StorageRedis);
    }

    [Fact]
    public void A_standalone_process_may_keep_its_windows_in_redis()
    {
        var settings = Read(("Storage:Provider", "Redis"), ("Storage:Redis", "127.0.0.1:6379"));
        Assert.Equal(WindowStorageProvider.Redis, settings.Storage);
        Assert.Equal([("Storage:Redis", "127.0.0.1:6379")], settings.RedisServers());
    }

    [Theory]
    [InlineData("Cluster:Membership", "Redis", "Cluster:Redis is not set")]
    [InlineData("Storage:Provider", "Redis", "neither Storage:Redis nor Cluster:Redis is set")]
    [InlineData("Cluster:StartupTimeout", "00:00:00", "Cluster:StartupTimeout")]
    [InlineData("Cluster:SiloPort", "0", "Cluster:SiloPort")]
    public void An_inconsistent_configuration_is_refused_naming_the_key(string key, string value, string complaint)
    {
        var error = Assert.Throws<OptionsValidationException>(() => Read((key, value)));
        Assert.Contains(error.Failures, failure => failure.Contains(complaint, StringComparison.Ordinal));
    }

    /// <summary>The settings as a process reads them from these keys alone.</summary>
    internal static ClusterSettings Read(params (string Key, string Value)[] settings) =>
        ClusterSettings.Read(new ConfigurationBuilder()
            .AddInMemoryCollection(settings.Select(s => new KeyValuePair<string, string?>(s.Key, s.Value)))
            .Build());
}
