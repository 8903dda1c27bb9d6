using System.Collections.Concurrent;

namespace Mle.Bench.Servers;

/// <summary>
/// A server the harness runs as its own process (<c>dotnet X.dll</c>), so that its garbage collector and
/// thread pool are not shared with the load generator. Started, probed until healthy within a bounded
/// time, and killed (with its children) on dispose. Its last output lines explain a failed start.
/// </summary>
public sealed class ServerProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 40;
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private ServerProcess(Process process, Uri baseUri)
    {
        _process = process;
        BaseUri = baseUri;
    }

    public Uri BaseUri { get; }

    /// <summary>The server's operating-system process id.</summary>
    public int ProcessId => _process.Id;

    /// <summary>The environment variables the server was started with, beside the inherited ones.</summary>
    public IReadOnlyDictionary<string, string> Environment { get; private init; } = new Dictionary<string, string>();

    /// <summary>The server's resident memory now, in bytes.</summary>
    public long WorkingSet
    {
        get
        {
            _process.Refresh();
            return _process.WorkingSet64;
        }
    }

    /// <summary>
    /// What the server's threads have run so far: each live thread's run time in nanoseconds
    /// (<c>/proc/PID/task/TID/schedstat</c>), and the process-wide user + system time in clock ticks
    /// (<c>/proc/PID/stat</c>), which keeps the time of threads that have exited but counts in 10 ms steps.
    /// </summary>
    public CpuReading ReadCpu()
    {
        var threads = new Dictionary<int, long>();
        foreach (var task in Directory.EnumerateDirectories($"/proc/{_process.Id}/task"))
        {
            try
            {
                var fields = File.ReadAllText(Path.Combine(task, "schedstat")).Split(' ');
                threads[int.Parse(Path.GetFileName(task), CultureInfo.InvariantCulture)] = long.Parse(fields[0], CultureInfo.InvariantCulture);
            }
            catch (IOException)
            {
                // The thread exited between the listing and the read.
            }
        }
        var stat = File.ReadAllText($"/proc/{_process.Id}/stat");
        // Fields after the command name (which may hold spaces) start at state; utime and stime are fields 14 and 15.
        var after = stat[(stat.LastIndexOf(')') + 2)..].Split(' ');
        var ticks = long.Parse(after[11], CultureInfo.InvariantCulture) + long.Parse(after[12], CultureInfo.InvariantCulture);
        return new CpuReading(threads, ticks);
    }

    public string RecentOutput => string.Join(System.Environment.NewLine, _output);

    public static async Task<ServerProcess> Start(
        string assemblyPath, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string> environment,
        string healthPath, TimeSpan startTimeout)
    {
        if (!File.Exists(assemblyPath))
        {
            throw new FileNotFoundException($"The server assembly '{assemblyPath}' does not exist; build the bench project first.", assemblyPath);
        }
        var port = FreePorts.Next();
        var baseUri = new Uri($"http://127.0.0.1:{port}/");
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root is the assembly's folder, where the build put its appsettings.json.
            WorkingDirectory = Path.GetDirectoryName(assemblyPath)!,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (var argument in (string[])[assemblyPath, .. arguments, "--urls", baseUri.ToString().TrimEnd('/')])
        {
            start.ArgumentList.Add(argument);
        }
        foreach (var (name, value) in environment)
        {
            start.Environment[name] = value;
        }
        var server = new ServerProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assemblyPath}."), baseUri)
        {
            Environment = environment,
        };
        server._process.OutputDataReceived += (_, e) => server.Keep(e.Data);
        server._process.ErrorDataReceived += (_, e) => server.Keep(e.Data);
        server._process.BeginOutputReadLine();
        server._process.BeginErrorReadLine();
        try
        {
            await server.WaitHealthy(healthPath, startTimeout);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    private async Task WaitHealthy(string healthPath, TimeSpan timeout)
    {
        using var client = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(2) };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                throw new InvalidOperationException($"The server exited with code {_process.ExitCode} while starting:{System.Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await client.GetAsync(healthPath);
                if (response.IsSuccessStatusCode)
                {
                    return;
                }
            }
            catch (HttpRequestException)
            {
                // Not listening yet.
            }
            catch (TaskCanceledException)
            {
                // Listening but not answering yet.
            }
            await Task.Delay(TimeSpan.FromMilliseconds(200));
        }
        throw new TimeoutException($"The server was not healthy at {healthPath} within {timeout.TotalSeconds:0} s:{System.Environment.NewLine}{RecentOutput}");
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
    }

    public async ValueTask DisposeAsync()
    {
        if (_process.HasExited)
        {
            // It was not stopped by the harness: its last words are the only record of why.
            Console.WriteLine($"[server] {BaseUri} exited by itself with code {_process.ExitCode}:{System.Environment.NewLine}{RecentOutput}");
        }
        else
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        }
        _process.Dispose();
    }
}
