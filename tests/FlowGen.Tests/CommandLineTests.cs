using System.IO;
namespace FlowGrain.FlowGen.Tests;

/// <summary>FlowGen's command line: durations as people write them, helpful errors, help.</summary>
public sealed class CommandLineTests
{
    [Theory]
    [InlineData("500ms", 500)]
    [InlineData("15s", 15_000)]
    [InlineData("2m", 120_000)]
    [InlineData("1h", 3_600_000)]
    [InlineData("00:00:05", 5_000)]
    public void Durations_read_common_spellings(string text, double milliseconds) =>
        Assert.Equal(TimeSpan.FromMilliseconds(milliseconds), Durations.Parse(text, "--x"));

    [Theory]
    [InlineData("soon")]
    [InlineData("-5s")]
    public void A_bad_duration_names_the_option(string text)
    {
        var error = Assert.Throws<FormatException>(() => Durations.Parse(text, "--interval"));
        Assert.Contains("--interval", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--nodes 0", "--nodes")]
    [InlineData("--interval 1500ms", "--interval")]
    [InlineData("--verify --duration forever", "--verify")]
    [InlineData("--interval soon", "--interval")]
    public async Task Invalid_options_exit_with_code_2_and_say_why(string args, string mentioned)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await FlowGenCommand.RunAsync(args.Split(' '), output, error);

        Assert.Equal(2, code);
        Assert.Contains(mentioned, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Help_lists_the_options()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await FlowGenCommand.RunAsync(["--help"], output, error);

        Assert.Equal(0, code);
        foreach (var option in new[] { "--target", "--nodes", "--flows", "--inflight", "--disconnect-every", "--verify" })
        {
            Assert.Contains(option, output.ToString(), StringComparison.Ordinal);
        }
    }
}
