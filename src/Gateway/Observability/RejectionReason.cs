namespace FlowGrain.Gateway.Observability;

/// <summary>Why the collector refused one flow; the metric label is the snake_case name.</summary>
public enum RejectionReason
{
    Malformed,
    MissingFlow,
    MissingKey,
    MissingReporter,
    MissingAction,
    UnknownEnum,
    NegativeCounter,
    InvalidPort,
    InvalidTime,
    TextTooLong,
    TooManyLabels,
    TooManyPolicyHits,
    TriggerTooDeep,
}
