using Orleans.Concurrency;
using System.Collections.Immutable;
using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Abstractions.Statistics;

namespace FlowGrain.Abstractions.Grains;

/// <summary>
/// Aggregates the flows of one owner namespace into windows; the key is the owner (see <see cref="OwnerNamespace"/>),
/// or "owner/index" for one shard of an owner split by reporting node (see <see cref="Shards.OwnerShard"/>).
/// </summary>
[Alias("flowgrain.INamespaceFlowsGrain")]
public interface INamespaceFlowsGrain : IGrainWithStringKey
{
    /// <summary>
    /// Adds reports to their windows, skipping replays a node already delivered and counting what falls outside the
    /// kept range; the answer says which of this activation's batches are durable.
    /// </summary>
    [Alias("Ingest")]
    Task<IngestAck> IngestAsync(FlowReportBatch batch);

    /// <summary>How far this activation's batches are durable, for a gateway that holds batches it delivered.</summary>
    [Alias("Durability"), AlwaysInterleave]
    Task<DurabilityMark> DurabilityAsync();

    /// <summary>Aggregates matching flows over the range and returns the head of the sorted result with the total count.</summary>
    [Alias("List"), AlwaysInterleave]
    Task<FlowPage> ListAsync(FlowListQuery query);

    /// <summary>This shard's matching keys and its head of the list, for a List merged across the shards of one owner.</summary>
    [Alias("ShardKeys"), AlwaysInterleave]
    Task<ShardKeys> ShardKeysAsync(FlowListQuery query);

    /// <summary>The rows over the range of the keys asked for, as far as this shard holds them.</summary>
    [Alias("Rows"), AlwaysInterleave]
    Task<ImmutableArray<AggregatedFlow>> RowsAsync(RowsQuery query);

    /// <summary>Per-window rows of the closed windows from the window containing <see cref="WindowQuery.From"/>.</summary>
    [Alias("ClosedWindows"), AlwaysInterleave] // the wire names stay, so silos of the previous version still answer during a rolling upgrade
    Task<ClosedRows> ClosedRowsAsync(WindowQuery query);

    /// <summary>Distinct values of one field among matching flows, ascending.</summary>
    [Alias("Hints"), AlwaysInterleave]
    Task<ImmutableArray<string>> HintsAsync(HintsQuery query);

    /// <summary>Per-policy or per-rule traffic per window.</summary>
    [Alias("Statistics"), AlwaysInterleave]
    Task<ImmutableArray<PolicyStatistics>> StatisticsAsync(StatisticsQuery query);
}
