using FlowGrain.Abstractions.Time;
using Microsoft.Extensions.Options;

namespace FlowGrain.Hosting;

/// <summary>Checks the History section against the Aggregation section it builds on, at start-up.</summary>
internal sealed class HistoryOptionsValidation(IOptions<AggregationOptions> aggregation) : IValidateOptions<HistoryOptions>
{
    public ValidateOptionsResult Validate(string? name, HistoryOptions options)
    {
        AggregationOptions window;
        try
        {
            window = aggregation.Value;
        }
        catch (OptionsValidationException)
        {
            // Aggregation's own validation names its problem; History is checked against a valid Aggregation only.
            return ValidateOptionsResult.Skip;
        }

        var problems = options.Problems(window).ToList();
        return problems.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(problems);
    }
}
