namespace FlowGrain.Gateway.Wire;

/// <summary>Walks the fields of an encoded protobuf message without knowing its schema; false on any malformation.</summary>
internal ref struct WireReader(ReadOnlySpan<byte> data)
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int LengthDelimited = 2;
    public const int Fixed32 = 5;

    private readonly ReadOnlySpan<byte> _data = data;
    private int _position;

    public readonly bool AtEnd => _position >= _data.Length;

    /// <summary>Reads the next field: its number, wire type, the whole encoded field and, for length-delimited fields, the payload.</summary>
    public bool TryReadField(out int field, out int wireType, out ReadOnlySpan<byte> encoded, out ReadOnlySpan<byte> payload)
    {
        var start = _position;
        field = 0;
        wireType = 0;
        encoded = default;
        payload = default;
        if (!TryReadVarint(out var tag) || tag >> 3 == 0 || tag >> 3 > int.MaxValue) return false;
        field = (int)(tag >> 3);
        wireType = (int)(tag & 7);
        switch (wireType)
        {
            case Varint:
                if (!TryReadVarint(out _)) return false;
                break;
            case Fixed64:
                if (!Skip(8)) return false;
                break;
            case Fixed32:
                if (!Skip(4)) return false;
                break;
            case LengthDelimited:
                if (!TryReadVarint(out var length) || length > (ulong)(_data.Length - _position)) return false;
                payload = _data.Slice(_position, (int)length);
                _position += (int)length;
                break;
            default:
                return false; // groups are not used by this contract
        }

        encoded = _data[start.._position];
        return true;
    }

    public bool TryReadVarint(out ulong value)
    {
        value = 0;
        for (var shift = 0; shift < 64; shift += 7)
        {
            if (_position >= _data.Length) return false;
            var b = _data[_position++];
            value |= (ulong)(b & 0x7F) << shift;
            if ((b & 0x80) == 0) return true;
        }

        return false;
    }

    private bool Skip(int count)
    {
        if (_data.Length - _position < count) return false;
        _position += count;
        return true;
    }
}
