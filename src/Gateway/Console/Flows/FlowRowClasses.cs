namespace FlowGrain.Gateway.Console.Flows;

/// <summary>CSS classes of a table row: whether its window still fills and whether the flow was denied.</summary>
public static class FlowRowClasses
{
    public static string Of(FlowRow row, int index) =>
        "flow-row" + (row.Provisional ? " flow-row--provisional" : "") + (row.Flow.Key.Action == Abstractions.Flows.FlowAction.Deny ? " flow-row--denied" : "");
}
