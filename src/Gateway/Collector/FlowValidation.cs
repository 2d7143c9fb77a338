using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Observability;

namespace FlowGrain.Gateway.Collector;

/// <summary>The outcome of validating one update: a canonical report, or why it was refused.</summary>
public readonly record struct FlowValidation(FlowReport? Report, RejectionReason? Reason, string? Detail)
{
    public static FlowValidation Accepted(FlowReport report) => new(report, null, null);

    public static FlowValidation Rejected(RejectionReason reason, string detail) => new(null, reason, detail);
}
