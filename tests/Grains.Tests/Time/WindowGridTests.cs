using FlowGrain.Abstractions.Time;

namespace FlowGrain.Grains.Tests.Time;

public sealed class WindowGridTests
{
    private static readonly WindowGrid Grid = new(new AggregationOptions()); // 15 s windows, 1 h retention, 20 s close delay

    [Theory]
    [InlineData(0, 0)]
    [InlineData(14, 0)]
    [InlineData(15, 15)]
    [InlineData(29, 15)]
    [InlineData(30, 30)]
    [InlineData(-1, -15)]
    [InlineData(-14, -15)]
    [InlineData(-15, -15)]
    [InlineData(-16, -30)]
    [InlineData(1_800_000_007, 1_800_000_000)]
    public void A_time_falls_in_the_window_aligned_to_multiples_of_the_width(long time, long expectedStart)
    {
        Assert.Equal(expectedStart, Grid.StartOf(time));
    }

    [Fact]
    public void Alignment_follows_the_configured_width()
    {
        var grid = new WindowGrid(new AggregationOptions { Window = TimeSpan.FromSeconds(60), Retention = TimeSpan.FromHours(1) });

        Assert.Equal(60, grid.Width);
        Assert.Equal(120, grid.StartOf(179));
        Assert.Equal(-60, grid.StartOf(-59));
    }

    [Fact]
    public void The_oldest_retained_window_is_the_retention_before_the_current_window()
    {
        var now = TestFlows.T0 + 7;

        Assert.Equal(TestFlows.T0 - 3600, Grid.OldestRetainedStart(now));
        Assert.True(Grid.Accepts(TestFlows.T0 - 3600, now));
        Assert.False(Grid.Accepts(TestFlows.T0 - 3601, now));
    }

    [Fact]
    public void The_current_window_and_one_future_window_are_accepted_but_not_the_one_after()
    {
        var now = TestFlows.T0 + 7;

        Assert.True(Grid.Accepts(TestFlows.T0, now));
        Assert.True(Grid.Accepts(TestFlows.T0 + 14, now));
        Assert.True(Grid.Accepts(TestFlows.T0 + 15, now));
        Assert.True(Grid.Accepts(TestFlows.T0 + 29, now));
        Assert.False(Grid.Accepts(TestFlows.T0 + 30, now));
        Assert.Equal(TestFlows.T0 + 30, Grid.AcceptedEnd(now));
    }

    [Fact]
    public void A_window_closes_once_its_end_plus_the_close_delay_has_passed()
    {
        var window = TestFlows.T0;
        var closesAt = window + 15 + 20;

        Assert.False(Grid.IsClosed(window, window + 15));
        Assert.False(Grid.IsClosed(window, closesAt - 1));
        Assert.True(Grid.IsClosed(window, closesAt));
        Assert.True(Grid.IsClosed(window, closesAt + 100));
    }

    [Fact]
    public void The_newest_closed_window_is_the_latest_one_that_is_closed()
    {
        var closesAt = TestFlows.T0 + 15 + 20;

        Assert.Equal(TestFlows.T0 - 15, Grid.NewestClosedStart(closesAt - 1));
        Assert.Equal(TestFlows.T0, Grid.NewestClosedStart(closesAt));
        Assert.Equal(TestFlows.T0, Grid.NewestClosedStart(closesAt + 14));
        Assert.Equal(TestFlows.T0 + 15, Grid.NewestClosedStart(closesAt + 15));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(7)]
    [InlineData(14)]
    [InlineData(15)]
    [InlineData(-3)]
    public void The_newest_closed_window_agrees_with_IsClosed(long offset)
    {
        var now = TestFlows.T0 + offset;
        var newest = Grid.NewestClosedStart(now);

        Assert.True(Grid.IsClosed(newest, now));
        Assert.False(Grid.IsClosed(newest + Grid.Width, now));
    }

    [Fact]
    public void A_fractional_close_delay_rounds_up_to_whole_seconds()
    {
        var grid = new WindowGrid(new AggregationOptions { CloseDelay = TimeSpan.FromSeconds(2.5) });

        Assert.Equal(3, grid.CloseDelay);
        Assert.False(grid.IsClosed(TestFlows.T0, TestFlows.T0 + 15 + 2));
        Assert.True(grid.IsClosed(TestFlows.T0, TestFlows.T0 + 15 + 3));
    }
}
