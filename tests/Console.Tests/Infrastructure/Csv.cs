using System.Text;

namespace FlowGrain.Console.Tests.Infrastructure;

/// <summary>Reads CSV as RFC 4180 writes it (quoted fields may hold commas, quotes and line breaks), to check exported files.</summary>
public static class Csv
{
    public static List<string[]> Parse(string text)
    {
        var records = new List<string[]>();
        var fields = new List<string>();
        var field = new StringBuilder();
        var quoted = false;
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (quoted)
            {
                if (c == '"' && i + 1 < text.Length && text[i + 1] == '"') field.Append(text[++i]);
                else if (c == '"') quoted = false;
                else field.Append(c);
            }
            else if (c == '"') quoted = true;
            else if (c == ',') fields.Add(Take(field));
            else if (c == '\n')
            {
                fields.Add(Take(field));
                records.Add([.. fields]);
                fields.Clear();
            }
            else if (c != '\r') field.Append(c);
        }

        if (field.Length > 0 || fields.Count > 0) records.Add([.. fields, Take(field)]);
        return records;
    }

    private static string Take(StringBuilder field)
    {
        var value = field.ToString();
        field.Clear();
        return value;
    }
}
