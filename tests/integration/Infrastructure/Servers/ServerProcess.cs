using System.Collections.Concurrent;
using System.Diagnostics;

namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>
/// A server the tests started as a child process: its recent output explains a failed start, and it is killed with
/// its whole process tree on dispose. A watchdog shell around it kills it too when the test process dies without
/// disposing it (a crashed or killed test host), so no server outlives the run that started it.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 80;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();
    private readonly List<(string Text, TaskCompletionSource Seen)> _awaited = [];

    private ServerProcess(string name, Process process)
    {
        Name = name;
        _process = process;
    }

    public string Name { get; }

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    public bool HasExited => _process.HasExited;

    /// <summary>Starts <paramref name="executable"/> with <paramref name="arguments"/> (watched, see the remarks of the type).</summary>
    /// <param name="waitFor">A line fragment of the server's output that says it is ready, or null.</param>
    public static ServerProcess Start(string name, string executable, IEnumerable<string> arguments, string? waitFor, out Task ready)
    {
        // sh waits on the server and on this process; setsid puts the server in a group of its own, so the
        // watchdog's kill reaches everything it forked (runuser's child, node's workers).
        const string Watchdog =
            "parent=$1; shift; setsid \"$@\" & child=$!; " +
            "while kill -0 \"$parent\" 2>/dev/null && kill -0 \"$child\" 2>/dev/null; do sleep 1; done; " +
            "kill -9 -\"$child\" 2>/dev/null; wait \"$child\"";
        var start = new ProcessStartInfo("/bin/sh")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add("-c");
        start.ArgumentList.Add(Watchdog);
        start.ArgumentList.Add("sh");
        start.ArgumentList.Add(Environment.ProcessId.ToString(System.Globalization.CultureInfo.InvariantCulture));
        start.ArgumentList.Add(executable);
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }

        var server = new ServerProcess(name, new Process { StartInfo = start, EnableRaisingEvents = true });
        var seen = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        if (waitFor is not null)
        {
            server._awaited.Add((waitFor, seen));
        }
        else
        {
            seen.SetResult();
        }

        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.Exited += (_, _) => seen.TrySetException(
            new InvalidOperationException($"{name} exited while starting:{Environment.NewLine}{server.RecentOutput}"));
        server._process.Start();
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        ready = seen.Task;
        return server;
    }

    /// <summary>Waits for <paramref name="ready"/> (the line) and for every port to accept connections, within <paramref name="timeout"/>.</summary>
    public async Task WaitReady(Task ready, IEnumerable<int> ports, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await ready.WaitAsync(deadline.Token);
            foreach (var port in ports)
            {
                await WaitListening(port, deadline.Token);
            }
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested)
        {
            throw new TimeoutException($"{Name} was not ready within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
        }
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            if (!_process.HasExited)
            {
                _process.Kill(entireProcessTree: true);
            }
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
        }
        catch (InvalidOperationException)
        {
            // It had exited already.
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitListening(int port, CancellationToken cancellation)
    {
        while (true)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"{Name} exited while starting:{Environment.NewLine}{RecentOutput}");
            }
            using var client = new System.Net.Sockets.TcpClient();
            try
            {
                await client.ConnectAsync(System.Net.IPAddress.Loopback, port, cancellation);
                return;
            }
            catch (System.Net.Sockets.SocketException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(50), cancellation);
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
        while (_output.Count > KeptOutputLines && _output.TryDequeue(out _))
        {
        }
        lock (_awaited)
        {
            foreach (var (text, seen) in _awaited.Where(awaited => line.Contains(awaited.Text, StringComparison.Ordinal)))
            {
                seen.TrySetResult();
            }
        }
    }
}
