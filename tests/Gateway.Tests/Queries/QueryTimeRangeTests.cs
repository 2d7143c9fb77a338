using FlowGrain.Abstractions.Time;
using FlowGrain.Gateway.Queries;

namespace FlowGrain.Gateway.Tests.Queries;

public sealed class QueryTimeRangeTests
{
    private static readonly WindowGrid Grid = new(new AggregationOptions());

    // 0 is the oldest history kept: the start of the 5-minute roll-up 24 hours before the one that holds now.
    [Theory]
    [InlineData(0, 0, 9_900 - 86_400, 10_000)]
    [InlineData(9_000, 9_500, 9_000, 9_500)]
    [InlineData(-300, 0, 9_700, 10_000)]
    [InlineData(-300, -60, 9_700, 9_940)]
    [InlineData(0, -60, 9_900 - 86_400, 9_940)]
    public void Zero_absolute_and_negative_values_resolve_against_now(long gte, long lt, long from, long until)
    {
        var range = QueryTimeRange.Resolve(gte, lt, now: 10_000, Grid);
        Assert.Equal((from, until), (range.From, range.Until));
    }

    [Theory]
    [InlineData(9_000, 9_000)]
    [InlineData(-60, -300)]
    [InlineData(20_000, 0)]
    public void A_range_that_does_not_move_forward_is_refused(long gte, long lt)
    {
        var error = Assert.Throws<InvalidQueryException>(() => QueryTimeRange.Resolve(gte, lt, now: 10_000, Grid));
        Assert.Contains("start_time_gte", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0, null)]
    [InlineData(9_000, 9_000L)]
    [InlineData(-120, 9_880L)]
    public void A_stream_start_of_zero_means_live_only(long gte, long? expected) =>
        Assert.Equal(expected, QueryTimeRange.StreamStart(gte, now: 10_000));

    [Theory]
    [InlineData(0, 0, 0)]
    [InlineData(5, 0, 1)]
    [InlineData(7, 3, 3)]
    [InlineData(6, 3, 2)]
    [InlineData(0, 3, 0)]
    public void Total_pages_follow_calico(long total, long pageSize, long pages) =>
        Assert.Equal(pages, Paging.TotalPages(total, pageSize));
}
