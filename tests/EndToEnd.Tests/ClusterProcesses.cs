namespace FlowGrain.EndToEnd.Tests;

/// <summary>A cluster as operators run it: silo processes and gateways in client mode, on loopback.</summary>
public static class ClusterProcesses
{
    public static TestProcess Silo(int httpPort, string[] cluster) =>
        TestProcess.Program("src/Silo", ["--Silo:ListenAddress=127.0.0.1", $"--Silo:HttpPort={httpPort}", .. cluster]);

    public static TestProcess ClientGateway(int grpcPort, int httpPort, string[] cluster) =>
        TestProcess.Program("src/Gateway", ["--Gateway:Mode=Client", "--Gateway:ListenAddress=127.0.0.1",
            $"--Gateway:GrpcPort={grpcPort}", $"--Gateway:HttpPort={httpPort}", .. cluster]);
}
