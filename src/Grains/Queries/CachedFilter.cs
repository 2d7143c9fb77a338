using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Grains.Queries;

/// <summary>A filter that remembers its answer per key id, since a key recurs in every window of a range.</summary>
internal sealed class CachedFilter(FlowFilter filter)
{
    private readonly Dictionary<long, bool> _answers = [];

    public bool Matches(FlowKey key)
    {
        if (filter.IsEmpty) return true;
        if (!_answers.TryGetValue(key.Id, out var matches))
        {
            matches = filter.Matches(key);
            _answers[key.Id] = matches;
        }

        return matches;
    }
}
