using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>An immutable view of one window's aggregated flows, safe to read off the grain's thread.</summary>
internal sealed record WindowView(long Start, long End, bool Closed, IReadOnlyList<AggregatedFlow> Flows);
