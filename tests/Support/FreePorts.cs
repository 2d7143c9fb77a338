using System.Net;
using System.Net.Sockets;

namespace FlowGrain.Tests.Support;

/// <summary>
/// Loopback ports nobody listens on right now, so test hosts never collide with each other or a running FlowGrain.
/// They come from below Linux's ephemeral range (32768–60999): a port the kernel handed out for "any port" can be
/// given the next moment to one of the thousands of client connections the tests open, and the host that was meant
/// to listen on it then fails to bind. Within one test process a port is handed out once.
/// </summary>
public static class FreePorts
{
    private const int First = 20_000;
    private const int Last = 32_000;

    private static readonly HashSet<int> Given = [];

    public static int[] Take(int count)
    {
        lock (Given)
        {
            var ports = new List<int>(count);
            for (var attempt = 0; ports.Count < count; attempt++)
            {
                if (attempt > 100_000) throw new InvalidOperationException($"No {count} free loopback ports left in {First}–{Last}.");
                var port = Random.Shared.Next(First, Last);
                if (Given.Contains(port) || !IsFree(port)) continue;
                Given.Add(port);
                ports.Add(port);
            }

            return [.. ports];
        }
    }

    private static bool IsFree(int port)
    {
        try
        {
            var listener = new TcpListener(IPAddress.Loopback, port);
            listener.Start();
            listener.Stop();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
