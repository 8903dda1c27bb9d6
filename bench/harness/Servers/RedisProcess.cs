using System.Collections.Concurrent;
using StackExchange.Redis;

namespace Mle.Bench.Servers;

/// <summary>
/// A private <c>redis-server</c> for one case, on a free loopback port, in memory only (no snapshot, no append-only
/// file: the Feast online store is a cache of the offline store). Started, connected to within a bounded time, and
/// killed on dispose. The integration tests have their own starter, tied to their test infrastructure; this one is
/// the few lines the harness needs.
/// </summary>
public sealed class RedisProcess : IAsyncDisposable
{
    public const string Executable = "redis-server";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private RedisProcess(Process process, int port)
    {
        _process = process;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The StackExchange.Redis configuration string.</summary>
    public string ConnectionString => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{Port}");

    /// <summary>The harness's own connection (the loader's and the in-process baseline's).</summary>
    public ConnectionMultiplexer Connection { get; private set; } = null!;

    /// <summary>The user and system CPU time the server has run so far, in seconds (<c>/proc/PID/stat</c>, 10 ms steps).</summary>
    public double CpuSeconds()
    {
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        return (long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture)) / 100.0;
    }

    /// <summary>Whether <c>redis-server</c> is on the PATH (Debian package <c>redis-server</c>).</summary>
    public static bool Installed =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(':').Any(directory => File.Exists(Path.Combine(directory, Executable)));

    public static async Task<RedisProcess> Start()
    {
        var port = FreePorts.Next();
        var start = new ProcessStartInfo(Executable)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])["--port", port.ToString(CultureInfo.InvariantCulture), "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no"])
        {
            start.ArgumentList.Add(argument);
        }
        var redis = new RedisProcess(Process.Start(start) ?? throw new InvalidOperationException("Could not start redis-server."), port);
        redis._process.OutputDataReceived += (_, e) => redis.Keep(e.Data);
        redis._process.ErrorDataReceived += (_, e) => redis.Keep(e.Data);
        redis._process.BeginOutputReadLine();
        redis._process.BeginErrorReadLine();
        try
        {
            redis.Connection = await redis.Connect();
            return redis;
        }
        catch
        {
            await redis.DisposeAsync();
            throw;
        }
    }

    private async Task<ConnectionMultiplexer> Connect()
    {
        var deadline = Stopwatch.GetTimestamp() + (long)(StartTimeout.TotalSeconds * Stopwatch.Frequency);
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"redis-server exited with code {_process.ExitCode} while starting: {string.Join(Environment.NewLine, _output)}");
            }
            try
            {
                return await ConnectionMultiplexer.ConnectAsync(ConnectionString + ",abortConnect=true,connectTimeout=2000");
            }
            catch (RedisConnectionException) when (Stopwatch.GetTimestamp() < deadline)
            {
                // Not listening yet.
                await Task.Delay(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    private void Keep(string? line)
    {
        if (line is null)
        {
            return;
        }
        _output.Enqueue(line);
        while (_output.Count > 20 && _output.TryDequeue(out _))
        {
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (Connection is not null)
        {
            await Connection.DisposeAsync();
        }
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
