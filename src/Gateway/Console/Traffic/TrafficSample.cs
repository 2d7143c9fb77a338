using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;

namespace FlowGrain.Gateway.Console.Traffic;

/// <summary>The rows a chart or the map is drawn from; <see cref="Partial"/> when the range had more than Console:ChartRowLimit.</summary>
public sealed record TrafficSample(ImmutableArray<AggregatedFlow> Rows, bool Partial);
