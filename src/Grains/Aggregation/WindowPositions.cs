namespace FlowGrain.Grains.Aggregation;

/// <summary>
/// Hands out the key table's window positions: each kept window has one of its own while it is kept. The table is cut
/// into rings, one per window width (fine windows, roll-ups), each with room for the windows of its width kept at once.
/// A window takes the position its start time gives in its ring (windows a ring apart share it), so positions follow
/// time around each ring and a key's first window in a range is a bit search away; if that one is still taken (a
/// clock that went back keeps windows "from the future"), any free one, and when none is free the table grows
/// instead of mixing windows up.
/// </summary>
internal sealed class WindowPositions
{
    private readonly KeyTable _keys;
    private bool[] _taken;

    /// <param name="keys">The table whose positions these are.</param>
    /// <param name="rings">Per ring, the width of its windows, how many it has room for and whether they are roll-ups, in order.</param>
    public WindowPositions(KeyTable keys, params (long Width, int Count, bool Rollups)[] rings)
    {
        _keys = keys;
        var offset = 0;
        Rings = [.. rings.Select(ring =>
        {
            var made = new WindowRing(offset, ring.Count, ring.Width, ring.Rollups);
            offset += ring.Count;
            return made;
        })];
        if (offset > keys.Positions) throw new ArgumentException($"The rings need {offset} positions; the key table has {keys.Positions}.", nameof(rings));
        _taken = new bool[keys.Positions];
    }

    public IReadOnlyList<WindowRing> Rings { get; }

    /// <summary>A free position for a window of <paramref name="ring"/> starting at <paramref name="start"/>.</summary>
    public int Take(WindowRing ring, long start)
    {
        var position = ring.Natural(start);
        if (_taken[position])
        {
            position = Array.IndexOf(_taken, false);
            if (position < 0)
            {
                position = _keys.Positions;
                _keys.GrowPositions();
                Array.Resize(ref _taken, _keys.Positions);
            }
        }

        _taken[position] = true;
        return position;
    }

    /// <summary>The window at <paramref name="position"/> left the ring (its keys already left the position).</summary>
    public void Return(int position) => _taken[position] = false;
}

/// <summary>
/// The positions of one window width in the key table: [Offset, Offset + Count). Roll-ups hold what fine windows held,
/// so their rows stay out of a key's closed totals (which are over fine windows).
/// </summary>
internal sealed record WindowRing(int Offset, int Count, long Width, bool Rollups)
{
    /// <summary>The position a window starting at <paramref name="start"/> takes when it is free.</summary>
    public int Natural(long start) => Offset + (int)(((start / Width % Count) + Count) % Count);

    /// <summary>Whether windows of this ring starting between <paramref name="oldest"/> and <paramref name="newest"/> fit in it without sharing a place.</summary>
    public bool Spans(long oldest, long newest) => newest - oldest < Count * Width;
}
