using System.ComponentModel.DataAnnotations;
using FlowGrain.Abstractions.Time;

namespace FlowGrain.Grains.Tests.Time;

public sealed class AggregationOptionsTests
{
    [Fact]
    public void The_defaults_are_valid()
    {
        Assert.Empty(Errors(new AggregationOptions()));
    }

    [Fact]
    public void A_window_that_is_not_whole_seconds_is_rejected()
    {
        var errors = Errors(new AggregationOptions { Window = TimeSpan.FromMilliseconds(15_500) });

        var error = Assert.Single(errors);
        Assert.Contains(nameof(AggregationOptions.Window), error.MemberNames);
        Assert.Contains("whole number of seconds", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_window_shorter_than_one_second_is_rejected()
    {
        var error = Assert.Single(Errors(new AggregationOptions { Window = TimeSpan.Zero }));

        Assert.Contains(nameof(AggregationOptions.Window), error.MemberNames);
    }

    [Theory]
    [InlineData(3601)]
    [InlineData(10)]
    public void A_retention_that_is_not_a_positive_multiple_of_the_window_is_rejected(int retentionSeconds)
    {
        var options = new AggregationOptions { Retention = TimeSpan.FromSeconds(retentionSeconds), CloseDelay = TimeSpan.Zero };

        var error = Assert.Single(Errors(options));
        Assert.Contains(nameof(AggregationOptions.Retention), error.MemberNames);
        Assert.Contains("multiple", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dedup_horizon_shorter_than_the_five_minute_replay_is_rejected()
    {
        var error = Assert.Single(Errors(new AggregationOptions { DedupHorizon = TimeSpan.FromSeconds(299) }));

        Assert.Contains(nameof(AggregationOptions.DedupHorizon), error.MemberNames);
        Assert.Contains("5 minutes", error.ErrorMessage, StringComparison.Ordinal);
    }

    [Fact]
    public void A_dedup_horizon_of_exactly_five_minutes_is_accepted()
    {
        Assert.Empty(Errors(new AggregationOptions { DedupHorizon = TimeSpan.FromMinutes(5) }));
    }

    [Fact]
    public void A_negative_close_delay_is_rejected()
    {
        var error = Assert.Single(Errors(new AggregationOptions { CloseDelay = TimeSpan.FromSeconds(-1) }));

        Assert.Contains(nameof(AggregationOptions.CloseDelay), error.MemberNames);
    }

    [Fact]
    public void Every_invalid_setting_is_reported_at_once()
    {
        var options = new AggregationOptions
        {
            Window = TimeSpan.FromSeconds(0.5),
            DedupHorizon = TimeSpan.FromMinutes(1),
            ProvisionalInterval = TimeSpan.FromMilliseconds(10),
        };

        var members = Errors(options).SelectMany(error => error.MemberNames).ToList();

        Assert.Equal(
            [nameof(AggregationOptions.Window), nameof(AggregationOptions.DedupHorizon), nameof(AggregationOptions.ProvisionalInterval)],
            members);
    }

    private static List<ValidationResult> Errors(AggregationOptions options) =>
        [.. options.Validate(new ValidationContext(options))];
}
