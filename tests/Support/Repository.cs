using System.IO;

namespace FlowGrain.Tests.Support;

/// <summary>Where the checkout is and which build configuration these tests were built in.</summary>
public static class Repository
{
    public static string Root { get; } = FindRoot();

    /// <summary>Debug or Release: the configuration of this test assembly, so <c>dotnet run --no-build</c> finds the programs' build.</summary>
    public static string Configuration { get; } = new DirectoryInfo(Path.TrimEndingDirectorySeparator(AppContext.BaseDirectory)).Parent!.Name;

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "FlowGrain.sln"))) directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("FlowGrain.sln not found above " + AppContext.BaseDirectory);
    }
}
