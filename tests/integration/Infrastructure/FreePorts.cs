using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace Mle.Tests.Integration.Infrastructure;

/// <summary>
/// Loopback TCP ports that are free right now, for silos that need fixed silo and gateway ports.
/// </summary>
/// <remarks>
/// Chosen below Linux's ephemeral range (32768 and up): a port the OS hands out for port 0 is soon handed out
/// again as the local port of some test's outgoing connection, and a silo that binds it later fails to start.
/// Ports below the range are only ever taken by a listener, and each is handed out once per test run.
/// </remarks>
public static class FreePorts
{
    private const int First = 20_000;
    private const int End = 32_000;
    private static readonly ConcurrentDictionary<int, bool> HandedOut = new();

    /// <summary>Returns <paramref name="count"/> distinct ports, each bound once to prove it free.</summary>
    public static int[] Take(int count)
    {
        var ports = new List<int>(count);
        for (var attempt = 0; ports.Count < count; attempt++)
        {
            if (attempt > 10_000)
            {
                throw new InvalidOperationException($"No {count} free loopback ports found in {First}..{End}.");
            }
            var port = Random.Shared.Next(First, End);
            if (HandedOut.TryAdd(port, true) && IsFree(port))
            {
                ports.Add(port);
            }
        }
        return [.. ports];
    }

    private static bool IsFree(int port)
    {
        var listener = new TcpListener(IPAddress.Loopback, port);
        try
        {
            listener.Start();
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
        finally
        {
            listener.Stop();
        }
    }
}
