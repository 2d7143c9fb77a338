using FlowGrain.Abstractions.Flows;
using FlowGrain.Gateway.Console.Flows;
using FlowGrain.Gateway.Console.Traffic;

namespace FlowGrain.Gateway.Console.Charts;

/// <summary>The sources that sent and received the most bytes in a range, as "namespace/name".</summary>
public static class TopTalkers
{
    public static IReadOnlyList<(string Source, long Bytes)> Of(IEnumerable<AggregatedFlow> rows, int count) => rows
        .GroupBy(row => $"{FlowRow.NamespaceOf(row.Key.SourceNamespace)}/{FlowRow.NameOf(row.Key.SourceName)}", StringComparer.Ordinal)
        .Select(group => (Source: group.Key, Bytes: ByteVolume.Of(group)))
        .Where(talker => talker.Bytes > 0)
        .OrderByDescending(talker => talker.Bytes)
        .ThenBy(talker => talker.Source, StringComparer.Ordinal)
        .Take(count)
        .ToList();
}
