namespace FlowGrain.Gateway.Console.Filters;

/// <summary>The text parts of a policy filter, each with autocomplete from filter hints.</summary>
public enum PolicyPart
{
    Tier,
    Namespace,
    Name,
}
