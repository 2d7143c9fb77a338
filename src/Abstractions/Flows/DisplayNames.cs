namespace FlowGrain.Abstractions.Flows;

/// <summary>The spellings consoles show for Felix's placeholder values; filters match either spelling.</summary>
public static class DisplayNames
{
    public const string PublicNetwork = "PUBLIC NETWORK";
    public const string PrivateNetwork = "PRIVATE NETWORK";
    public const string GlobalNamespace = "Global";

    /// <summary>Console spelling of an endpoint name, or null when it has none.</summary>
    public static string? ForName(string name) => name switch
    {
        "pub" => PublicNetwork,
        "pvt" => PrivateNetwork,
        _ => null,
    };

    /// <summary>Console spelling of a namespace, or null when it has none.</summary>
    public static string? ForNamespace(string ns) => ns == OwnerNamespace.NotNamespaced ? GlobalNamespace : null;
}
