using CsCheck;
using FlowGrain.Tests.Support.Fuzzing;

namespace FlowGrain.Gateway.Tests.Fuzzing;

/// <summary>
/// Generators of hostile request bytes: random bytes, and valid messages with a few edits — bytes flipped, set,
/// inserted, deleted, a slice repeated (repeated fields, duplicate keys), the end cut off, or a huge length prefix.
/// </summary>
internal static class Mutations
{
    private enum EditKind { Flip, Set, Insert, Delete, Repeat, Truncate, HugeLength }

    private readonly record struct Edit(EditKind Kind, int Position, byte Value, int Length);

    private static readonly Gen<Edit> Edits = Gen.Select(Gen.Enum<EditKind>(), Gen.Int[0, 4096], Gen.Byte, Gen.Int[1, 24],
        (kind, position, value, length) => new Edit(kind, position, value, length));

    /// <summary>Random bytes (a third of the time) or one of <paramref name="templates"/> with one to eight edits.</summary>
    public static Gen<byte[]> Of(IReadOnlyList<byte[]> templates) =>
        Gen.Frequency(
            (1, Gen.Byte.Array[0, 512]),
            (2, Gen.Select(Gen.Int[0, templates.Count - 1], Edits.Array[1, 8], (template, edits) => Apply(templates[template], edits))));

    private static byte[] Apply(byte[] template, Edit[] edits)
    {
        var bytes = new List<byte>(template);
        foreach (var edit in edits)
        {
            var at = bytes.Count == 0 ? 0 : edit.Position % bytes.Count;
            switch (edit.Kind)
            {
                case EditKind.Flip when bytes.Count > 0:
                    bytes[at] ^= (byte)(1 << (edit.Value % 8));
                    break;
                case EditKind.Set when bytes.Count > 0:
                    bytes[at] = edit.Value;
                    break;
                case EditKind.Insert:
                    bytes.InsertRange(at, Enumerable.Repeat(edit.Value, edit.Length));
                    break;
                case EditKind.Delete when bytes.Count > 0:
                    bytes.RemoveRange(at, Math.Min(edit.Length, bytes.Count - at));
                    break;
                case EditKind.Repeat when bytes.Count > 0:
                    bytes.InsertRange(at, bytes.GetRange(at, Math.Min(edit.Length, bytes.Count - at)));
                    break;
                case EditKind.Truncate:
                    bytes.RemoveRange(at, bytes.Count - at);
                    break;
                case EditKind.HugeLength:
                    // A length-delimited field (tag byte 0x0A-style) claiming far more bytes than follow.
                    bytes.InsertRange(at, [(byte)((edit.Value % 15 + 1) << 3 | 2), 0xFF, 0xFF, 0xFF, 0xFF, 0x0F]);
                    break;
            }
        }

        return [.. bytes];
    }
}
