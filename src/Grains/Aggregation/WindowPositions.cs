namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// Hands out the key table's window positions: each kept window has one of its own while it is kept. A window takes
/// the position its start time gives (windows a ring apart share it), so positions follow time around the ring and
/// a key's first window in a range is a bit search away; if that one is still taken (a clock that went back keeps
/// windows "from the future"), any free one, and when none is free the table grows instead of mixing windows up.
/// </summary>
internal sealed class WindowPositions(KeyTable keys, long width)
{
    private bool[] _taken = new bool[keys.Positions];

    /// <summary>The position a window starting at <paramref name="start"/> takes when it is free.</summary>
    public int Natural(long start) => (int)(((start / width % keys.Positions) + keys.Positions) % keys.Positions);

    public int Take(long start)
    {
        var position = Natural(start);
        if (_taken[position])
        {
            position = Array.IndexOf(_taken, false);
            if (position < 0)
            {
                position = keys.Positions;
                keys.GrowPositions();
                Array.Resize(ref _taken, keys.Positions);
            }
        }

        _taken[position] = true;
        return position;
    }

    /// <summary>The window at <paramref name="position"/> left the ring (its keys already left the position).</summary>
    public void Return(int position) => _taken[position] = false;
}
