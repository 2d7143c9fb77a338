using System.Globalization;

namespace FlowGrain.Tests.Support.Fuzzing;

/// <summary>
/// How long each door is fuzzed: FLOWGRAIN_FUZZ_SECONDS (default 20, so the suite stays short on CI); set it higher
/// for a longer hunt. CsCheck prints the seed of a failing sample; CsCheck_Seed replays it.
/// </summary>
public static class FuzzBudget
{
    public static int Seconds =>
        int.TryParse(Environment.GetEnvironmentVariable("FLOWGRAIN_FUZZ_SECONDS"), NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds > 0
            ? seconds
            : 20;

    /// <summary>How long one call may take before the door counts as hung.</summary>
    public static readonly TimeSpan CallDeadline = TimeSpan.FromSeconds(15);
}
