using System.IO;
using System.Net;
using System.Net.Sockets;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>
/// Connections to a loopback port, optionally from another loopback address (127.0.0.2, …): to the gateway, another
/// client or node on this machine. For SocketsHttpHandler.ConnectCallback.
/// </summary>
public static class LoopbackSockets
{
    public static async ValueTask<Stream> ConnectAsync(int port, IPAddress? source, CancellationToken cancellationToken)
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (source is not null) socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(IPAddress.Loopback, port), cancellationToken);
            return new NetworkStream(socket, ownsSocket: true);
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
