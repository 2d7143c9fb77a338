using System.Text;
using FlowGrain.Gateway.Hosting;
using FlowGrain.Gateway.Observability;
using Google.Protobuf;
using Microsoft.Extensions.Options;

namespace FlowGrain.Gateway.Limits;

/// <summary>The per-request limits of the query doors: page size, filter size and the request timeout.</summary>
public sealed class QueryLimits(IOptions<QueryOptions> options, GatewayMetrics metrics)
{
    /// <summary>Refuses a page_size above Query:MaxPageSize (0, no paging, is Calico's "everything" and stays allowed).</summary>
    public void CheckPageSize(long pageSize)
    {
        var max = options.Value.MaxPageSize;
        if (pageSize > max)
        {
            throw metrics.LimitExceeded(Limit.PageSize,
                $"page_size {pageSize} is above the largest page this gateway serves ({max}, Query:MaxPageSize); ask for smaller pages.");
        }
    }

    /// <summary>Refuses a gRPC filter message larger than Query:MaxFilterBytes.</summary>
    public void CheckFilter(IMessage? filter, string field) => CheckFilterBytes(filter?.CalculateSize() ?? 0, field);

    /// <summary>Refuses an HTTP filters parameter larger than Query:MaxFilterBytes.</summary>
    public void CheckFilter(string? filtersJson, string parameter) =>
        CheckFilterBytes(filtersJson is null ? 0 : Encoding.UTF8.GetByteCount(filtersJson), parameter);

    /// <summary>
    /// Runs a query with Query:RequestTimeout on top of the caller's own cancellation; past it the query is
    /// abandoned and the caller told so.
    /// </summary>
    public async Task<T> WithinTimeoutAsync<T>(Func<CancellationToken, Task<T>> query, CancellationToken cancellationToken)
    {
        var timeout = options.Value.RequestTimeout;
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            return await query(deadline.Token);
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw metrics.LimitExceeded(Limit.RequestTimeout,
                $"The query did not finish within {timeout.TotalSeconds:0.###} s (Query:RequestTimeout); narrow the time range or the filter.");
        }
    }

    private void CheckFilterBytes(int bytes, string field)
    {
        var max = options.Value.MaxFilterBytes;
        if (bytes > max)
        {
            throw metrics.LimitExceeded(Limit.FilterSize,
                $"{field} is {bytes} bytes; filters of at most {max} bytes are accepted (Query:MaxFilterBytes).");
        }
    }
}
