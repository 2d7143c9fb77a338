using FlowGrain.Gateway.Collector;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Time.Testing;

namespace FlowGrain.Gateway.Tests.Collector;

/// <summary>A flood of bad flows produces one log line per reason every 10 seconds, saying how many were not logged.</summary>
public sealed class RejectionLogTests
{
    [Fact]
    public void Repeated_rejections_are_logged_once_per_interval_with_the_count_left_out()
    {
        var time = new FakeTimeProvider();
        var logger = new FakeLogger<RejectionLog>();
        var log = new RejectionLog(logger, time);

        for (var i = 0; i < 1000; i++) log.Rejected("node-1", "negative_counter", "flow.bytes_in is negative (-1)");
        log.Rejected("node-1", "missing_key", "flow.Key is missing");
        Assert.Equal(2, logger.Collector.Count);

        time.Advance(TimeSpan.FromSeconds(11));
        log.Rejected("node-2", "negative_counter", "flow.bytes_in is negative (-2)");

        Assert.Equal(3, logger.Collector.Count);
        Assert.Contains("999 more", logger.Collector.LatestRecord.Message, StringComparison.Ordinal);
        Assert.Contains("node-2", logger.Collector.LatestRecord.Message, StringComparison.Ordinal);
    }
}
