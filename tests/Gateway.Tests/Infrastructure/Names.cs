namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>Namespace names no other test uses, so tests sharing one gateway do not see each other's flows.</summary>
public static class Names
{
    private static int _next;

    public static string Unique(string prefix) => $"{prefix}-{Interlocked.Increment(ref _next)}";
}
