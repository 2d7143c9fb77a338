namespace FlowGrain.Gateway.Console.Filters;

/// <summary>The endpoint fields the console filters by value, each with autocomplete from filter hints.</summary>
public enum MatchField
{
    SourceNamespace,
    SourceName,
    DestNamespace,
    DestName,
}
