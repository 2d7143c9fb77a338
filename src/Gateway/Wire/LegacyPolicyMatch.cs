using System.Buffers;
using System.Text;

namespace FlowGrain.Gateway.Wire;

/// <summary>
/// Calico v3.30/v3.31 clients send PolicyMatch tier, namespace and name (fields 2–4) as plain strings; v3.32 sends
/// StringMatch messages. Both are length-delimited, so this rewrites plain strings into Exact StringMatches before
/// the request is parsed with the v3.32 schema.
/// </summary>
internal static class LegacyPolicyMatch
{
    /// <summary>Field numbers leading from each request to its PolicyMatch messages.</summary>
    public static readonly int[] InListRequest = [6, 8];
    public static readonly int[] InStreamRequest = [2, 8];
    public static readonly int[] InHintsRequest = [2, 8];
    public static readonly int[] InStatisticsRequest = [5];

    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>The request with every legacy PolicyMatch field upgraded; the same array when there is none.</summary>
    public static byte[] Upgrade(byte[] request, int[] path) => Rewrite(request, path, 0) ?? request;

    private static byte[]? Rewrite(ReadOnlySpan<byte> message, int[] path, int depth)
    {
        var atPolicyMatch = depth == path.Length;
        var reader = new WireReader(message);
        var output = new ArrayBufferWriter<byte>(message.Length + 16);
        var changed = false;
        while (!reader.AtEnd)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var encoded, out var payload))
            {
                return null; // malformed: leave it to the parser to say so
            }

            byte[]? replacement = null;
            if (wireType == WireReader.LengthDelimited)
            {
                if (atPolicyMatch && field is >= 2 and <= 4 && !IsStringMatch(payload))
                {
                    replacement = AsStringMatch(payload);
                }
                else if (!atPolicyMatch && field == path[depth])
                {
                    replacement = Rewrite(payload, path, depth + 1);
                }
            }

            if (replacement is null)
            {
                output.Write(encoded);
                continue;
            }

            changed = true;
            WriteVarint(output, ((ulong)field << 3) | WireReader.LengthDelimited);
            WriteVarint(output, (ulong)replacement.Length);
            output.Write(replacement);
        }

        return changed ? output.WrittenSpan.ToArray() : null;
    }

    /// <summary>Whether the bytes are a well-formed StringMatch: only field 1 (text) and field 2 (a known MatchType).</summary>
    private static bool IsStringMatch(ReadOnlySpan<byte> payload)
    {
        var reader = new WireReader(payload);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadField(out var field, out var wireType, out var encoded, out var text)) return false;
            switch (field, wireType)
            {
                case (1, WireReader.LengthDelimited) when IsUtf8(text):
                    break;
                case (2, WireReader.Varint):
                    var value = new WireReader(encoded[1..]);
                    if (!value.TryReadVarint(out var matchType) || matchType > 1) return false;
                    break;
                default:
                    return false;
            }
        }

        return true;
    }

    private static byte[]? AsStringMatch(ReadOnlySpan<byte> text)
    {
        if (!IsUtf8(text)) return null; // neither encoding: the parser reports it
        var output = new ArrayBufferWriter<byte>(text.Length + 6);
        WriteVarint(output, (1 << 3) | WireReader.LengthDelimited);
        WriteVarint(output, (ulong)text.Length);
        output.Write(text);
        return output.WrittenSpan.ToArray();
    }

    private static bool IsUtf8(ReadOnlySpan<byte> text)
    {
        try
        {
            StrictUtf8.GetCharCount(text);
            return true;
        }
        catch (DecoderFallbackException)
        {
            return false;
        }
    }

    private static void WriteVarint(ArrayBufferWriter<byte> output, ulong value)
    {
        var span = output.GetSpan(10);
        var i = 0;
        while (value >= 0x80)
        {
            span[i++] = (byte)(value | 0x80);
            value >>= 7;
        }

        span[i++] = (byte)value;
        output.Advance(i);
    }
}
