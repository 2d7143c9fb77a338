using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Gateway.Feed;

/// <summary>One window of the whole cluster after it closed: every key's final numbers, ordered by key id.</summary>
public sealed record ClusterWindow(long Start, ImmutableArray<AggregatedFlow> Rows);
