using System.Globalization;
using FlowGrain.Abstractions.Queries;
using FlowGrain.Gateway.Http;
using FlowGrain.Gateway.Queries;
using Microsoft.AspNetCore.WebUtilities;

namespace FlowGrain.Gateway.Console.State;

/// <summary>
/// What the console shows, as it lives in the URL: <c>filters</c> (the JSON of Calico's console API), <c>range</c> and
/// <c>until</c> (<c>startTimeGte</c> / <c>startTimeLt</c> of the API: 0, absolute or negative-relative seconds), the view
/// and the tab. The same <c>filters</c> value means the same flows to the console and to <c>/whisker-backend/flows</c>.
/// </summary>
public sealed record ConsoleQuery(FlowFilter Filter, long From, long Until, ConsoleView View, ConsoleTab Tab)
{
    /// <summary>The last 15 minutes, live, every flow.</summary>
    public static readonly ConsoleQuery Default = new(FlowFilter.All, -900, 0, ConsoleView.Live, ConsoleTab.Flows);

    /// <summary>The filter as the URL carries it (empty for none); filters are compared by it.</summary>
    public string FilterJson => WhiskerFilterJson.Write(Filter) ?? "";

    /// <summary>The end of the range on screen: the live view always ends now (0), history at <see cref="Until"/>.</summary>
    public long ShownUntil => View == ConsoleView.Live ? 0 : Until;

    /// <summary>Whether the range on screen ends now, so its data keeps changing.</summary>
    public bool EndsNow => ShownUntil == 0;

    /// <summary>Reads the URL's parameters; a bad one is left at its default and described in <paramref name="problems"/>.</summary>
    public static ConsoleQuery Parse(IReadOnlyDictionary<string, string?> parameters, ICollection<string> problems)
    {
        string? Get(params string[] names) => names.Select(n => parameters.GetValueOrDefault(n)).FirstOrDefault(v => !string.IsNullOrEmpty(v));

        var filter = FlowFilter.All;
        try
        {
            filter = WhiskerFilterJson.Parse(Get("filters"));
        }
        catch (InvalidQueryException ex)
        {
            problems.Add(ex.Message);
        }

        return new ConsoleQuery(
            filter,
            Seconds(Get("range", "startTimeGte"), Default.From, "range", problems),
            Seconds(Get("until", "startTimeLt"), Default.Until, "until", problems),
            Choice(Get("view"), Default.View, "view", problems),
            Choice(Get("tab"), Default.Tab, "tab", problems));
    }

    /// <summary>The console URL of this query, relative to the site (<c>/?filters=…&amp;range=…</c>).</summary>
    public string ToRelativeUri()
    {
        var parameters = new List<KeyValuePair<string, string?>>();
        if (FilterJson.Length > 0) parameters.Add(new("filters", FilterJson));
        parameters.Add(new("range", From.ToString(CultureInfo.InvariantCulture)));
        if (Until != Default.Until) parameters.Add(new("until", Until.ToString(CultureInfo.InvariantCulture)));
        if (View != Default.View) parameters.Add(new("view", View.ToString().ToLowerInvariant()));
        if (Tab != Default.Tab) parameters.Add(new("tab", Tab.ToString().ToLowerInvariant()));
        return QueryHelpers.AddQueryString("/", parameters);
    }

    private static long Seconds(string? text, long fallback, string name, ICollection<string> problems)
    {
        if (text is null) return fallback;
        if (long.TryParse(text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var seconds)) return seconds;
        problems.Add($"{name}: \"{text}\" is not a number of seconds.");
        return fallback;
    }

    private static T Choice<T>(string? text, T fallback, string name, ICollection<string> problems) where T : struct, Enum
    {
        if (text is null) return fallback;
        // Names only: Enum.TryParse would also take numbers and comma lists.
        foreach (var value in Enum.GetValues<T>())
        {
            if (string.Equals(value.ToString(), text, StringComparison.OrdinalIgnoreCase)) return value;
        }

        problems.Add($"{name}: \"{text}\" is not one of {string.Join(", ", Enum.GetNames<T>()).ToLowerInvariant()}.");
        return fallback;
    }
}
