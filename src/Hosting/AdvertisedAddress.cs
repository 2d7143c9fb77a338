using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;

namespace FlowGrain.Hosting;

/// <summary>The address a silo tells the cluster to reach it at.</summary>
public static class AdvertisedAddress
{
    /// <summary>
    /// The listen address when it is an IP address; otherwise the pod IP on Kubernetes (POD_IP, from the downward
    /// API), else the machine's first non-loopback IPv4 address, else loopback.
    /// </summary>
    public static IPAddress Choose(string listenAddress)
    {
        if (IPAddress.TryParse(listenAddress, out var ip)) return ip;
        if (IPAddress.TryParse(Environment.GetEnvironmentVariable("POD_IP"), out var podIp)) return podIp;
        return NetworkInterface.GetAllNetworkInterfaces()
                   .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
                   .SelectMany(n => n.GetIPProperties().UnicastAddresses)
                   .Select(a => a.Address)
                   .FirstOrDefault(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a))
               ?? IPAddress.Loopback;
    }
}
