using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Console.Filters;

/// <summary>Hint values as the console offers them: Calico's console spellings for placeholders, no empty values.</summary>
public static class FilterHints
{
    public static IEnumerable<string> Shown(IEnumerable<string> values, HintField field) => values
        .Where(value => value.Length > 0)
        .Select(value => field switch
        {
            HintField.SourceNamespace or HintField.DestNamespace => DisplayNames.ForNamespace(value) ?? value,
            HintField.SourceName or HintField.DestName => DisplayNames.ForName(value) ?? value,
            _ => value,
        })
        .Distinct(StringComparer.Ordinal);
}
