using System.Collections.Immutable;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Queries;

/// <summary>A list request in domain terms, as every API builds it from its own wire format.</summary>
public sealed record FlowListRequestModel(
    TimeRange Range,
    FlowFilter Filter,
    ImmutableArray<FlowSort> Sort,
    long Page,
    long PageSize,
    long AggregationInterval = 0);
