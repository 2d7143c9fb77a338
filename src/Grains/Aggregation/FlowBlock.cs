using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Grains.Aggregation;

/// <summary>A decoded block: a window's flows (whole, or the deltas of one checkpoint) and dedup claims.</summary>
internal sealed record FlowBlock(ImmutableArray<AggregatedFlow> Flows, ImmutableArray<DedupClaim> Claims);
