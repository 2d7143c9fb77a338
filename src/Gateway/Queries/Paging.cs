using FlowGrain.Protocol;

namespace FlowGrain.Gateway.Queries;

/// <summary>Calico's list metadata: pages = ceil(total / size); with no paging (size 0) one page when there are results.</summary>
public static class Paging
{
    public static long TotalPages(long totalResults, long pageSize) => pageSize > 0
        ? (totalResults + pageSize - 1) / pageSize
        : totalResults > 0 ? 1 : 0;

    public static ListMetadata Meta(long totalResults, long pageSize) => new()
    {
        TotalResults = totalResults,
        TotalPages = TotalPages(totalResults, pageSize),
    };
}
