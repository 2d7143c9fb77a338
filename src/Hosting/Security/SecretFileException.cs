namespace FlowGrain.Hosting.Security;

/// <summary>A certificate, key, CA bundle or token file that cannot be used; the message names the setting and the file.</summary>
public sealed class SecretFileException(string message, Exception? inner = null) : Exception(message, inner);
