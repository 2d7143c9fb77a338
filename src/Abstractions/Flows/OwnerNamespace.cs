namespace FlowGrain.Abstractions.Flows;

/// <summary>The owner of a flow: the namespace of the endpoint that reported it; one grain aggregates each owner.</summary>
public static class OwnerNamespace
{
    /// <summary>Owner of flows whose reporting endpoint is not namespaced (host endpoints, global network sets).</summary>
    public const string NotNamespaced = "-";

    public static string Of(FlowKey key)
    {
        var ns = key.Reporter == Reporter.Dst ? key.DestNamespace : key.SourceNamespace;
        return string.IsNullOrEmpty(ns) ? NotNamespaced : ns;
    }
}
