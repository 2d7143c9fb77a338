namespace FlowGrain.Abstractions.Flows;

/// <summary>An owner's answer to a batch: the receipt, the batch's sequence in this activation, and how far the activation is durable.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.IngestAck")]
public readonly record struct IngestAck(
    [property: Id(0)] IngestReceipt Receipt,
    [property: Id(1)] long Sequence,
    [property: Id(2)] DurabilityMark Durability);

/// <summary>
/// Every batch that <see cref="Activation"/> took with a sequence up to <see cref="DurableThrough"/> is in storage:
/// it survives the death of the silo. A gateway keeps what is not, and sends it again to a new activation.
/// </summary>
[GenerateSerializer, Immutable, Alias("flowgrain.DurabilityMark")]
public readonly record struct DurabilityMark(
    [property: Id(0)] Guid Activation,
    [property: Id(1)] long DurableThrough);
