using System.ComponentModel.DataAnnotations;
using FlowGrain.Hosting.Security;
using FlowGrain.Hosting.Storage;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Options;
using StackExchange.Redis;

namespace FlowGrain.Hosting;

/// <summary>
/// The "Cluster" and "Storage" sections, read and checked together when the host is composed (Orleans is configured
/// before options validation runs): an inconsistent combination stops the process with a line naming the key.
/// </summary>
public sealed record ClusterSettings(FlowGrainClusterOptions Cluster, WindowStorageProvider Storage, string? StorageRedis)
{
    public static ClusterSettings Read(IConfiguration configuration)
    {
        var cluster = configuration.GetSection(FlowGrainClusterOptions.SectionName).Get<FlowGrainClusterOptions>() ?? new();
        var storage = configuration.GetSection(StorageOptions.SectionName).Get<StorageOptions>() ?? new();
        var problems = new List<string>();

        var results = new List<ValidationResult>();
        if (!Validator.TryValidateObject(cluster, new(cluster), results, validateAllProperties: true))
        {
            problems.AddRange(results.Select(r => $"Cluster:{r.MemberNames.FirstOrDefault()}: {r.ErrorMessage}"));
        }

        if (cluster.Membership == ClusterMembership.Redis && string.IsNullOrWhiteSpace(cluster.Redis))
        {
            problems.Add("Cluster:Membership is Redis but Cluster:Redis is not set: give the Redis connection string, e.g. Cluster:Redis=127.0.0.1:6379.");
        }

        CheckConnectionString(cluster.Redis, "Cluster:Redis", problems);
        ClusterCertificates.Check(cluster.Tls, problems);
        KubernetesHosting.Check(cluster, Environment.GetEnvironmentVariable, problems);
        CheckConnectionString(storage.Redis, "Storage:Redis", problems);

        var provider = storage.Provider ?? (cluster.Membership == ClusterMembership.Redis ? WindowStorageProvider.Redis : WindowStorageProvider.Memory);
        var storageRedis = string.IsNullOrWhiteSpace(storage.Redis) ? cluster.Redis : storage.Redis;
        // Unset, the provider follows the membership, whose missing connection string is reported already.
        if (provider == WindowStorageProvider.Redis && string.IsNullOrWhiteSpace(storageRedis) && storage.Provider is not null)
        {
            problems.Add("Storage:Provider is Redis but neither Storage:Redis nor Cluster:Redis is set: give the Redis connection string, e.g. Storage:Redis=127.0.0.1:6379.");
        }

        if (problems.Count > 0)
        {
            throw new OptionsValidationException(FlowGrainClusterOptions.SectionName, typeof(FlowGrainClusterOptions), problems);
        }

        return new ClusterSettings(cluster, provider, provider == WindowStorageProvider.Redis ? storageRedis : null);
    }

    /// <summary>Every Redis this process needs at start, with the key that named it.</summary>
    public IEnumerable<(string Key, string ConnectionString)> RedisServers()
    {
        if (Cluster.Membership == ClusterMembership.Redis) yield return ("Cluster:Redis", Cluster.Redis!);
        if (StorageRedis is not null && StorageRedis != Cluster.Redis) yield return ("Storage:Redis", StorageRedis);
    }

    private static void CheckConnectionString(string? value, string key, List<string> problems)
    {
        if (string.IsNullOrWhiteSpace(value)) return;
        try
        {
            if (ConfigurationOptions.Parse(value).EndPoints.Count == 0) problems.Add($"{key} names no Redis endpoint: \"{value}\".");
        }
        catch (ArgumentException ex)
        {
            problems.Add($"{key} is not a valid Redis connection string (\"{value}\"): {ex.Message}");
        }
    }
}
