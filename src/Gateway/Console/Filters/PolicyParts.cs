using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Console.Filters;

/// <summary>How each <see cref="PolicyPart"/> reads from a policy match and which hints list its values.</summary>
public static class PolicyParts
{
    public static HintField Hint(this PolicyPart part) => part switch
    {
        PolicyPart.Tier => HintField.PolicyTier,
        PolicyPart.Namespace => HintField.PolicyNamespace,
        _ => HintField.PolicyName,
    };

    public static string Label(this PolicyPart part) => part switch
    {
        PolicyPart.Tier => "Policy tier",
        PolicyPart.Namespace => "Policy namespace",
        _ => "Policy name",
    };

    public static StringMatch In(this PolicyPart part, PolicyMatch match) => part switch
    {
        PolicyPart.Tier => match.Tier,
        PolicyPart.Namespace => match.Namespace,
        _ => match.Name,
    };

    public static PolicyMatch With(this PolicyPart part, PolicyMatch match, StringMatch value) => part switch
    {
        PolicyPart.Tier => match with { Tier = value },
        PolicyPart.Namespace => match with { Namespace = value },
        _ => match with { Name = value },
    };
}
