namespace FlowGrain.Gateway.Hosting;

/// <summary>The peer's IP address as text, IPv4 addresses mapped into IPv6 shown as IPv4, so one client has one name.</summary>
public static class PeerAddress
{
    public static string Of(ConnectionInfo connection) =>
        connection.RemoteIpAddress is { } address ? (address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address).ToString() : "unknown";
}
