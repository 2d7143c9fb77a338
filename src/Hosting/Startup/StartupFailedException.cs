namespace FlowGrain.Hosting.Startup;

/// <summary>Something the process needs did not come up in time; the message says what and which key named it.</summary>
public sealed class StartupFailedException(string message, Exception? inner = null) : Exception(message, inner);
