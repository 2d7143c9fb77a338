namespace FlowGrain.Abstractions.Time;

/// <summary>The time that windows are cut by; separate from the runtime's clock so tests can move it.</summary>
public sealed class FlowClock(TimeProvider time)
{
    public static readonly FlowClock System = new(TimeProvider.System);

    public TimeProvider TimeProvider { get; } = time;

    public long NowSeconds => TimeProvider.GetUtcNow().ToUnixTimeSeconds();
}
