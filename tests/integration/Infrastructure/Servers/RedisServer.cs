using System.Globalization;

namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>
/// A private <c>redis-server</c> on a free loopback port, in memory only (no snapshot, no append-only file), for
/// one test or one fixture. Its data lives as long as the server: silos may restart against it.
/// </summary>
public sealed class RedisServer : IAsyncDisposable
{
    public const string Install = "apt-get install -y redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly ServerProcess _process;
    private readonly DirectoryInfo _directory;

    private RedisServer(ServerProcess process, DirectoryInfo directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string (<c>Mle:*:ConnectionString</c>).</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>Starts the server and waits (bounded) until it accepts connections; fails or skips when it is not installed.</summary>
    public static async Task<RedisServer> StartAsync()
    {
        var executable = ServerBinary.Require("redis-server", Install, "redis-server", "/usr/bin/redis-server");
        var port = FreePorts.Take(1)[0];
        var directory = Directory.CreateTempSubdirectory("mle-redis-");
        var process = ServerProcess.Start("redis-server", executable,
        [
            "--port", port.ToString(CultureInfo.InvariantCulture),
            "--bind", "127.0.0.1",
            "--save", "",
            "--appendonly", "no",
            "--dir", directory.FullName,
            "--daemonize", "no",
        ], "Ready to accept connections", out var ready);
        var server = new RedisServer(process, directory, port);
        try
        {
            await process.WaitReady(ready, [port], StartTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        _directory.Delete(recursive: true);
    }
}
