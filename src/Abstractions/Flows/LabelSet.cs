using System.Collections.Immutable;
using System.Runtime.InteropServices;

namespace FlowGrain.Abstractions.Flows;

/// <summary>An endpoint's labels ("key=value"), sorted and distinct, so that intersections and comparisons are cheap.</summary>
[GenerateSerializer, Immutable, Alias("flowgrain.LabelSet")]
public sealed class LabelSet : IEquatable<LabelSet>
{
    public static readonly LabelSet Empty = new([]);

    [Id(0)] public ImmutableArray<string> Labels { get; }

    private LabelSet(ImmutableArray<string> sortedDistinct) => Labels = sortedDistinct;

    public static LabelSet Of(IEnumerable<string> labels)
    {
        // One array, sorted and de-duplicated in place: this runs for both endpoints of every received flow.
        var sorted = labels.ToArray();
        if (sorted.Length == 0) return Empty;
        Array.Sort(sorted, StringComparer.Ordinal);
        var distinct = 1;
        for (var i = 1; i < sorted.Length; i++)
        {
            if (!string.Equals(sorted[i], sorted[distinct - 1], StringComparison.Ordinal)) sorted[distinct++] = sorted[i];
        }

        if (distinct < sorted.Length) Array.Resize(ref sorted, distinct);
        return new LabelSet(ImmutableCollectionsMarshal.AsImmutableArray(sorted));
    }

    public int Count => Labels.Length;

    /// <summary>The labels present in both sets: what every contributor to an aggregate had in common.</summary>
    public LabelSet Intersect(LabelSet other)
    {
        if (ReferenceEquals(this, other) || Equals(other)) return this;
        if (Labels.IsEmpty || other.Labels.IsEmpty) return Empty;

        var common = ImmutableArray.CreateBuilder<string>();
        int i = 0, j = 0;
        while (i < Labels.Length && j < other.Labels.Length)
        {
            var c = string.CompareOrdinal(Labels[i], other.Labels[j]);
            if (c == 0)
            {
                common.Add(Labels[i]);
                i++;
                j++;
            }
            else if (c < 0)
            {
                i++;
            }
            else
            {
                j++;
            }
        }

        return common.Count == 0 ? Empty : new LabelSet(common.ToImmutable());
    }

    public bool Equals(LabelSet? other) =>
        other is not null && Labels.AsSpan().SequenceEqual(other.Labels.AsSpan());

    public override bool Equals(object? obj) => Equals(obj as LabelSet);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var label in Labels) hash.Add(label, StringComparer.Ordinal);
        return hash.ToHashCode();
    }

    public override string ToString() => string.Join(" | ", Labels);
}
