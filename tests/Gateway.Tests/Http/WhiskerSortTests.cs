using System.Globalization;
using System.Text.Json;
using FlowGrain.Gateway.Tests.Infrastructure;
using FlowGrain.Protocol;
using static FlowGrain.Gateway.Tests.Infrastructure.WireFlows;

namespace FlowGrain.Gateway.Tests.Http;

/// <summary>Every <c>sortBy</c> name of the console API orders the JSON list by that field (Time newest first, the rest ascending), then by id.</summary>
public sealed class WhiskerSortTests(GatewayFixture fixture) : IClassFixture<GatewayFixture>, IAsyncLifetime
{
    // Each column is in a different order from the others, with ties in the namespaces and types so the id tie-break shows.
    private static readonly string[] SourceNames = ["delta-*", "alpha-*", "echo-*", "charlie-*", "bravo-*", "golf-*", "foxtrot-*"];
    private static readonly string[] SourceNamespaces = ["ns-2", "ns-3", "ns-1", "ns-3", "ns-2", "ns-1", "ns-2"];
    private static readonly string[] DestNames = ["victor", "zulu", "uniform", "yankee", "tango", "xray", "whiskey"];
    private static readonly string[] DestNamespaces = ["db-c", "db-a", "db-b", "db-a", "db-c", "db-b", "db-a"];
    private static readonly EndpointType[] SourceTypes = [EndpointType.Network, EndpointType.WorkloadEndpoint, EndpointType.HostEndpoint,
        EndpointType.WorkloadEndpoint, EndpointType.NetworkSet, EndpointType.Network, EndpointType.HostEndpoint];
    private static readonly EndpointType[] DestTypes = [EndpointType.HostEndpoint, EndpointType.NetworkSet, EndpointType.WorkloadEndpoint,
        EndpointType.Network, EndpointType.WorkloadEndpoint, EndpointType.HostEndpoint, EndpointType.NetworkSet];

    private readonly HttpClient _http = new();

    private GatewayHost Gateway => fixture.Gateway;

    public async Task InitializeAsync()
    {
        if ((await new Flows.FlowsClient(Gateway.Channel).ListAsync(new FlowListRequest())).Flows.Count > 0) return; // shared by this class's tests
        var window = (Gateway.Now / 15 * 15) - 120;
        var updates = SourceNames.Select((source, i) => Update(SourceNamespaces[i], source, DestNamespaces[i], DestNames[i], window + (15 * i) + 1,
            sourceType: SourceTypes[i], destType: DestTypes[i])).ToArray();
        await NodeClient.ReportAsync(Gateway, "node-1", updates);
        await Gateway.DrainAsync();
    }

    public Task DisposeAsync()
    {
        _http.Dispose();
        return Task.CompletedTask;
    }

    /// <summary>The sortBy names docs/api.md lists, alone, and two combinations applied in turn.</summary>
    public static TheoryData<string[]> Orders => new()
    {
        new[] { "Time" }, new[] { "DestName" }, new[] { "DestNamespace" }, new[] { "DestType" },
        new[] { "SourceName" }, new[] { "SourceNamespace" }, new[] { "SourceType" },
        new[] { "SourceNamespace", "Time" }, new[] { "DestType", "SourceName" },
    };

    [Theory]
    [MemberData(nameof(Orders))]
    public async Task The_list_follows_each_sort_key_in_turn_then_the_id(string[] sortBy)
    {
        using var response = await _http.GetAsync(new Uri(
            $"http://127.0.0.1:{Gateway.HttpPort}/whisker-backend/flows?{string.Join("&", sortBy.Select(s => "sortBy=" + s))}"));
        var text = await response.Content.ReadAsStringAsync();
        Assert.True(response.IsSuccessStatusCode, text);
        using var body = JsonDocument.Parse(text);

        var items = body.RootElement.GetProperty("items").EnumerateArray().ToList();
        Assert.Equal(SourceNames.Length, items.Count);
        var expected = items.Order(Comparer<JsonElement>.Create((a, b) => Compare(a, b, sortBy))).Select(Id);
        Assert.Equal(expected, items.Select(Id));
    }

    private static int Compare(JsonElement a, JsonElement b, string[] sortBy)
    {
        foreach (var sort in sortBy)
        {
            var c = sort switch
            {
                "Time" => Time(b).CompareTo(Time(a)),
                "DestName" => Text(a, b, "dest_name"),
                "DestNamespace" => Text(a, b, "dest_namespace"),
                "DestType" => Type(a, "dest_type").CompareTo(Type(b, "dest_type")),
                "SourceName" => Text(a, b, "source_name"),
                "SourceNamespace" => Text(a, b, "source_namespace"),
                "SourceType" => Type(a, "source_type").CompareTo(Type(b, "source_type")),
                _ => throw new ArgumentOutOfRangeException(nameof(sortBy), sort, "not a sortBy name of the API"),
            };
            if (c != 0) return c;
        }

        return Id(a).CompareTo(Id(b));
    }

    private static long Id(JsonElement item) => long.Parse(item.GetProperty("id").GetString()!, CultureInfo.InvariantCulture);

    private static DateTimeOffset Time(JsonElement item) => DateTimeOffset.Parse(item.GetProperty("start_time").GetString()!, CultureInfo.InvariantCulture);

    private static int Text(JsonElement a, JsonElement b, string field) => string.CompareOrdinal(a.GetProperty(field).GetString(), b.GetProperty(field).GetString());

    // Types sort by enum value, not by name: "WorkloadEndpoint" (1) comes before "HostEndpoint" (2).
    private static EndpointType Type(JsonElement item, string field) => Enum.Parse<EndpointType>(item.GetProperty(field).GetString()!);
}
