namespace FlowGrain.Hosting.Security;

/// <summary>A certificate, key, CA bundle or token file that cannot be used; the message names the setting and the file.</summary>
public sealed class SecretFileException(string message, Exception? inner = null) : Exception(message, inner)
{
    /// <summary>Runs <paramref name="load"/>; what it finds wrong with its files goes into <paramref name="problems"/>.</summary>
    public static void Collect(List<string> problems, Action load)
    {
        try
        {
            load();
        }
        catch (SecretFileException ex)
        {
            problems.Add(ex.Message);
        }
    }
}
