using System.Net.Sockets;

namespace FlowGrain.Gateway.Tests.Infrastructure;

/// <summary>
/// An HTTP client whose connection has a small, fixed socket receive buffer (no kernel auto-tuning), so a response
/// it does not read stalls the server after a known amount; tells how many bytes arrived and wait unread.
/// </summary>
public sealed class SmallReceiveBufferClient : IDisposable
{
    private Socket? _socket;

    public SmallReceiveBufferClient(int receiveBufferBytes)
    {
        Http = new HttpClient(new SocketsHttpHandler
        {
            MaxConnectionsPerServer = 1,
            ConnectCallback = async (context, cancellationToken) =>
            {
                // Set before connecting, so the TCP window is negotiated for this size.
                var socket = new Socket(SocketType.Stream, ProtocolType.Tcp) { NoDelay = true, ReceiveBufferSize = receiveBufferBytes };
                try
                {
                    await socket.ConnectAsync(context.DnsEndPoint, cancellationToken);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }

                _socket = socket;
                return new NetworkStream(socket, ownsSocket: true);
            },
        })
        {
            Timeout = Timeout.InfiniteTimeSpan,
        };
    }

    public HttpClient Http { get; }

    /// <summary>The receive buffer the kernel granted (Linux doubles the size asked for).</summary>
    public int ReceiveBufferBytes => _socket?.ReceiveBufferSize ?? 0;

    /// <summary>Bytes the server sent that sit in the socket, not yet read by the client.</summary>
    public int UnreadBytes => _socket?.Available ?? 0;

    public void Dispose() => Http.Dispose();
}
