namespace FlowGrain.Grains.Aggregation;

/// <summary>Gives each reporting node a small number, so dedup claims stay compact.</summary>
internal sealed class NodeTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);

    public int NumberOf(string node)
    {
        if (!_numbers.TryGetValue(node, out var number))
        {
            number = _numbers.Count;
            _numbers.Add(node, number);
        }

        return number;
    }

    public int Count => _numbers.Count;
}
