using System.Net;
using System.Net.Sockets;

namespace Mle.Bench.Servers;

/// <summary>Loopback ports the operating system reports free right now; nothing in the harness uses fixed ports.</summary>
public static class FreePorts
{
    public static int Next()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
