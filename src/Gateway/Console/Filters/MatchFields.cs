using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Console.Filters;

/// <summary>How each <see cref="MatchField"/> reads from a filter and which hints list its values.</summary>
public static class MatchFields
{
    public static HintField Hint(this MatchField field) => field switch
    {
        MatchField.SourceNamespace => HintField.SourceNamespace,
        MatchField.SourceName => HintField.SourceName,
        MatchField.DestNamespace => HintField.DestNamespace,
        _ => HintField.DestName,
    };

    public static string Label(this MatchField field) => field switch
    {
        MatchField.SourceNamespace => "Source namespace",
        MatchField.SourceName => "Source name",
        MatchField.DestNamespace => "Destination namespace",
        _ => "Destination name",
    };

    public static System.Collections.Immutable.ImmutableArray<StringMatch> In(this MatchField field, FlowFilter filter) => field switch
    {
        MatchField.SourceNamespace => filter.SourceNamespaces,
        MatchField.SourceName => filter.SourceNames,
        MatchField.DestNamespace => filter.DestNamespaces,
        _ => filter.DestNames,
    };

    public static FlowFilter With(this MatchField field, FlowFilter filter, System.Collections.Immutable.ImmutableArray<StringMatch> matches) => field switch
    {
        MatchField.SourceNamespace => filter with { SourceNamespaces = matches },
        MatchField.SourceName => filter with { SourceNames = matches },
        MatchField.DestNamespace => filter with { DestNamespaces = matches },
        _ => filter with { DestNames = matches },
    };
}
