using FlowGrain.Abstractions.Flows;
using FlowGrain.Abstractions.Queries;

namespace FlowGrain.Gateway.Http;

/// <summary>Enum values as Calico's console spells them: the goldmane proto names.</summary>
public static class WhiskerNames
{
    public static string Of(FlowAction action) => action == FlowAction.Unspecified ? "ActionUnspecified" : action.ToString();

    public static string Of(Reporter reporter) => reporter == Reporter.Unspecified ? "ReporterUnspecified" : reporter.ToString();

    public static string Of(EndpointType type) => type == EndpointType.Unspecified ? "EndpointTypeUnspecified" : type.ToString();

    public static string Of(PolicyKind kind) => kind == PolicyKind.Unspecified ? "KindUnspecified" : kind.ToString();

    public static string Of(MatchType type) => type.ToString();

    /// <summary>Parses a proto enum name (e.g. "Allow", "KindUnspecified"); null when it is not one.</summary>
    public static T? Parse<T>(string? name) where T : struct, Enum
    {
        if (string.IsNullOrEmpty(name)) return null;
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(Spell(value), name, StringComparison.Ordinal)) return value;
        }

        return null;
    }

    /// <summary>Every name a parameter of this enum accepts, for error messages.</summary>
    public static string Choices<T>() where T : struct, Enum => string.Join(", ", Enum.GetValues<T>().Select(Spell));

    private static string Spell<T>(T value) where T : struct, Enum => value switch
    {
        FlowAction a => Of(a),
        Reporter r => Of(r),
        EndpointType e => Of(e),
        PolicyKind k => Of(k),
        _ => value.ToString(),
    };
}
