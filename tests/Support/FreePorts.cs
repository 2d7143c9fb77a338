using System.Net;
using System.Net.Sockets;

namespace FlowGrain.Tests.Support;

/// <summary>Loopback ports nobody listens on right now, so test hosts never collide with each other or a running FlowGrain.</summary>
public static class FreePorts
{
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
