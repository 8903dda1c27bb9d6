using System.Net;
using System.Net.Sockets;

namespace Mle.Tests.Integration.Infrastructure;

/// <summary>Loopback TCP ports that are free right now, as the OS hands them out for port 0.</summary>
public static class FreePorts
{
    /// <summary>Returns <paramref name="count"/> distinct ports; all listeners stay open until every port is chosen.</summary>
    public static int[] Take(int count)
    {
        var listeners = Enumerable.Range(0, count).Select(_ => new TcpListener(IPAddress.Loopback, 0)).ToList();
        try
        {
            listeners.ForEach(listener => listener.Start());
            return listeners.Select(listener => ((IPEndPoint)listener.LocalEndpoint).Port).ToArray();
        }
        finally
        {
            listeners.ForEach(listener => listener.Stop());
        }
    }
}
