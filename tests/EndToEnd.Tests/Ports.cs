using System.Globalization;
using System.Net;
using System.Net.Sockets;

namespace FlowGrain.EndToEnd.Tests;

/// <summary>Free loopback ports, so tests never collide with a FlowGrain already running on the defaults.</summary>
public static class Ports
{
    public static string[] Free(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        listeners.ForEach(l => l.Start());
        var ports = listeners.Select(l => ((IPEndPoint)l.LocalEndpoint).Port.ToString(CultureInfo.InvariantCulture)).ToArray();
        listeners.ForEach(l => l.Stop());
        return ports;
    }
}
