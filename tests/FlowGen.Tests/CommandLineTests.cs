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
    [InlineData("--target 127.0.0.1:7443,,127.0.0.1:7444", "--target has an empty entry")]
    [InlineData("--target 127.0.0.1:7443,ftp://collector", "--target entry 'ftp://collector'")]
    public async Task Invalid_options_exit_with_code_2_and_say_why(string args, string mentioned)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();

        var code = await FlowGenCommand.RunAsync(args.Split(' '), output, error);

        Assert.Equal(2, code);
        Assert.Contains(mentioned, error.ToString(), StringComparison.Ordinal);
    }

    [Fact]
    public void Several_targets_are_read_in_order_as_urls()
    {
        var options = new FlowGenOptions { Target = "127.0.0.1:7443, gateway-b:7444,https://gateway-c" };

        Assert.Null(options.Problem());
        Assert.Equal(["http://127.0.0.1:7443/", "http://gateway-b:7444/", "https://gateway-c/"], options.TargetUris.Select(u => u.ToString()));
    }

    [Fact]
    public void Nodes_start_at_their_own_target_and_move_round_robin_on_failure()
    {
        Uri[] addresses = [new("http://a:1"), new("http://b:2"), new("http://c:3")];
        var channels = addresses.Select(a => Grpc.Net.Client.GrpcChannel.ForAddress(a)).ToList(); // no connection until a call
        var targets = new Reporting.CollectorTargets([.. addresses.Select((a, i) => (a, new Protocol.FlowCollector.FlowCollectorClient(channels[i])))], first: 4);

        var visited = new List<Uri>();
        for (var i = 0; i < 4; i++)
        {
            visited.Add(targets.Address);
            targets.MoveNext();
        }

        Assert.Equal([addresses[1], addresses[2], addresses[0], addresses[1]], visited);
        channels.ForEach(c => c.Dispose());
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
