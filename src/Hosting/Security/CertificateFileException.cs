namespace FlowGrain.Hosting.Security;

/// <summary>A certificate, key or CA file that cannot be used; the message names the setting and the file.</summary>
public sealed class CertificateFileException(string message, Exception? inner = null) : Exception(message, inner);
