namespace FlowGrain.Abstractions.Flows;

/// <summary>What an owner did with a batch: added, recognised as replays, dropped as outside the kept range, or added late to a closed window.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.IngestReceipt")]
public readonly record struct IngestReceipt(
    [property: Id(0)] int Accepted,
    [property: Id(1)] int Duplicates,
    [property: Id(2)] int OutOfRange,
    [property: Id(3)] int Late)
{
    public static IngestReceipt operator +(IngestReceipt a, IngestReceipt b) =>
        new(a.Accepted + b.Accepted, a.Duplicates + b.Duplicates, a.OutOfRange + b.OutOfRange, a.Late + b.Late);

    public static IngestReceipt Add(IngestReceipt a, IngestReceipt b) => a + b;
}
