using System.Globalization;
using System.Text.Json;

namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>The gateway's HTTP API (<c>/whisker-backend/flows</c>) as a test asks it: how many flows match a range and a filter.</summary>
public static class FlowsApi
{
    /// <summary>The API's <c>totalResults</c> for [<paramref name="from"/>, <paramref name="until"/>) in absolute seconds.</summary>
    public static async Task<long> CountAsync(GatewayProcess gateway, long from, long until, string? filtersJson = null)
    {
        using var http = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        var query = string.Create(CultureInfo.InvariantCulture, $"whisker-backend/flows?startTimeGte={from}&startTimeLt={until}&pageSize=1");
        if (filtersJson is not null) query += "&filters=" + Uri.EscapeDataString(filtersJson);
        using var answer = JsonDocument.Parse(await http.GetStringAsync(new Uri(gateway.Url, query)));
        return answer.RootElement.GetProperty("total").GetProperty("totalResults").GetInt64();
    }
}
