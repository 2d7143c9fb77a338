namespace FlowGrain.SideBySide;

/// <summary>What a measurement reads of the server it drives: its name and the memory it holds.</summary>
internal interface IServerUnderTest : IDisposable
{
    string Name { get; }

    /// <summary>Resident memory now, in MiB, of every process it is made of.</summary>
    double ResidentMiB { get; }
}
