using System.Collections.Immutable;

namespace FlowGrain.Abstractions.Flows;

/// <summary>Reports for one owner, gathered by a gateway from every node stream that carried them.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.FlowReportBatch")]
public sealed record FlowReportBatch([property: Id(0)] ImmutableArray<FlowReport> Reports);
