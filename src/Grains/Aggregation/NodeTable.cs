namespace FlowGrain.Grains.Aggregation;

/// <summary>Gives each reporting node a small number, so dedup claims stay compact; the numbers are stored with the windows.</summary>
internal sealed class NodeTable
{
    private readonly Dictionary<string, int> _numbers = new(StringComparer.Ordinal);
    private readonly List<KeyValuePair<string, int>> _unsaved = [];
    private int _next;

    public int NumberOf(string node)
    {
        if (!_numbers.TryGetValue(node, out var number))
        {
            number = _next++;
            _numbers.Add(node, number);
            _unsaved.Add(new(node, number));
        }

        return number;
    }

    public int Count => _numbers.Count;

    /// <summary>Takes back the numbering an earlier activation stored.</summary>
    public void Restore(IEnumerable<KeyValuePair<string, int>> stored)
    {
        foreach (var (node, number) in stored)
        {
            _numbers[node] = number;
            _next = Math.Max(_next, number + 1);
        }
    }

    /// <summary>Nodes numbered since the last call, to be stored.</summary>
    public IReadOnlyList<KeyValuePair<string, int>> TakeUnsaved()
    {
        var unsaved = _unsaved.ToArray();
        _unsaved.Clear();
        return unsaved;
    }
}
