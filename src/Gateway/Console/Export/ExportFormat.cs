namespace FlowGrain.Gateway.Console.Export;

/// <summary>The file formats the console exports rows in.</summary>
public enum ExportFormat
{
    Csv,
    Json,
}
