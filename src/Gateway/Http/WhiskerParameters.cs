using System.Collections.Immutable;
using System.Globalization;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Queries;

namespace FlowGrain.Gateway.Http;

/// <summary>
/// The query parameters of Calico's console API, read strictly: a bad value is an error naming the parameter. Enum
/// values must be one name exactly (Enum.TryParse would also take numbers, and OR a comma list into another value).
/// </summary>
public static class WhiskerParameters
{
    public static bool Flag(IQueryCollection query, string name) => query[name].ToString() switch
    {
        "" => false,
        var value when value.Equals("true", StringComparison.OrdinalIgnoreCase) => true,
        var value when value.Equals("false", StringComparison.OrdinalIgnoreCase) => false,
        var value => throw new InvalidQueryException($"{name}: '{value}' must be true or false."),
    };

    /// <summary>A time in Unix seconds, absolute (&gt; 0), relative to now (&lt; 0) or 0.</summary>
    public static long Seconds(IQueryCollection query, string name) => Integer(query, name, allowNegative: true);

    public static long NonNegative(IQueryCollection query, string name) => Integer(query, name, allowNegative: false);

    public static ImmutableArray<FlowSort> Sort(IQueryCollection query) =>
    [
        .. query["sortBy"].Select(value => WhiskerNames.Parse<FlowSort>(value) is { } sort
            ? sort
            : throw new InvalidQueryException($"sortBy: '{value}' is not a sort order; use one of {string.Join(", ", Enum.GetNames<FlowSort>())}.")),
    ];

    /// <summary>The field of a hints request: "SourceNamespace" or the proto name "FilterTypeSourceNamespace".</summary>
    public static HintField HintType(IQueryCollection query)
    {
        var value = query["type"].ToString();
        if (value.Length == 0) throw new InvalidQueryException($"type: required; use one of {HintChoices()}.");
        var name = value.StartsWith("FilterType", StringComparison.Ordinal) ? value["FilterType".Length..] : value;
        return WhiskerNames.Parse<HintField>(name) is { } field && field != HintField.Unspecified
            ? field
            : throw new InvalidQueryException($"type: '{value}' is not a hint type; use one of {HintChoices()}.");
    }

    private static string HintChoices() => string.Join(", ", Enum.GetNames<HintField>().Where(n => n != nameof(HintField.Unspecified)));

    private static long Integer(IQueryCollection query, string name, bool allowNegative)
    {
        var value = query[name].ToString();
        if (value.Length == 0) return 0;
        if (!long.TryParse(value, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var number))
            throw new InvalidQueryException($"{name}: '{value}' is not a whole number.");
        return number >= 0 || allowNegative ? number : throw new InvalidQueryException($"{name}: must not be negative, got {number}.");
    }
}
