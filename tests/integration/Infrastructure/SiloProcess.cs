using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using Mle.Silo.Security;

namespace Mle.Tests.Integration.Infrastructure;

/// <summary>
/// The real silo (<c>dotnet Orleans.Mle.Silo.dll</c>) in a child process on a given data directory, with free
/// loopback ports for HTTP, silo and gateway, probed until ready within a bounded time. <see cref="Kill"/> is
/// SIGKILL on Linux: no shutdown code runs, as in a power cut of the process; <see cref="Terminate"/> is SIGTERM,
/// what Kubernetes and <c>docker stop</c> send. Its last output lines explain a failed start.
/// </summary>
internal sealed class SiloProcess : IAsyncDisposable
{
    private const int KeptOutputLines = 60;
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(2);
    private static readonly TimeSpan ProbeInterval = TimeSpan.FromMilliseconds(100);
    private readonly Process _process;
    private readonly ConcurrentQueue<string> _output = new();

    private SiloProcess(Process process, Uri baseAddress, int gatewayPort)
    {
        _process = process;
        GatewayPort = gatewayPort;
        Http = new HttpClient { BaseAddress = baseAddress, Timeout = TimeSpan.FromSeconds(30) };
    }

    /// <summary>A client of the silo's HTTP endpoint.</summary>
    public HttpClient Http { get; }

    public int Pid => _process.Id;

    /// <summary>The loopback port out-of-process Orleans clients connect to.</summary>
    public int GatewayPort { get; }

    public bool HasExited => _process.HasExited;

    public int ExitCode => _process.ExitCode;

    public string RecentOutput => string.Join(Environment.NewLine, _output);

    /// <summary>Starts the silo on <paramref name="dataDirectory"/> with <paramref name="settings"/> and waits until it is ready.</summary>
    public static async Task<SiloProcess> Start(string dataDirectory, IReadOnlyDictionary<string, string> settings, TimeSpan timeout)
    {
        var assembly = Path.Combine(AppContext.BaseDirectory, "Orleans.Mle.Silo.dll");
        var ports = FreePorts.Take(3);
        var baseAddress = new Uri(string.Create(CultureInfo.InvariantCulture, $"http://127.0.0.1:{ports[0]}/"));
        var start = new ProcessStartInfo("dotnet")
        {
            // The content root, where the build put the silo's appsettings.json.
            WorkingDirectory = AppContext.BaseDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        var arguments = new Dictionary<string, string>
        {
            ["urls"] = baseAddress.ToString().TrimEnd('/'),
            ["Mle:DataDirectory"] = dataDirectory,
            ["Mle:Clustering:SiloPort"] = ports[1].ToString(CultureInfo.InvariantCulture),
            ["Mle:Clustering:GatewayPort"] = ports[2].ToString(CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Mle:Security:ClusterSecret"] = TestSilo.ClusterSecret,
        };
        foreach (var (key, value) in settings)
        {
            arguments[key] = value;
        }
        start.ArgumentList.Add(assembly);
        foreach (var (key, value) in arguments)
        {
            start.ArgumentList.Add($"--{key}={value}");
        }
        start.Environment["ASPNETCORE_ENVIRONMENT"] = "Production";

        var silo = new SiloProcess(Process.Start(start) ?? throw new InvalidOperationException($"Could not start {assembly}."), baseAddress, ports[2]);
        silo._process.OutputDataReceived += (_, e) => silo.Keep(e.Data);
        silo._process.ErrorDataReceived += (_, e) => silo.Keep(e.Data);
        silo._process.BeginOutputReadLine();
        silo._process.BeginErrorReadLine();
        try
        {
            await silo.WaitReady(timeout);
            // Without a configured key the silo generated its bootstrap admin key at its first start (and reuses it after a
            // restart), as a newcomer's silo does: the test reads it where the README says to.
            var key = arguments.TryGetValue("Mle:Security:BootstrapKey", out var configured)
                ? configured
                : (await File.ReadAllTextAsync(Path.Combine(dataDirectory, BootstrapAdminKey.FileName))).Trim();
            silo.Http.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", key);
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>SIGKILL, then waits (bounded) until the process is gone.</summary>
    public async Task Kill()
    {
        if (!_process.HasExited)
        {
            _process.Kill();
        }
        await _process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(30));
    }

    /// <summary>SIGTERM: the graceful stop a container orchestrator asks for. Returns at once; see <see cref="WaitForExit"/>.</summary>
    public async Task Terminate()
    {
        using var kill = Process.Start(new ProcessStartInfo("kill") { ArgumentList = { "-TERM", Pid.ToString(CultureInfo.InvariantCulture) }, UseShellExecute = false })
            ?? throw new InvalidOperationException("Could not run kill.");
        await kill.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(10));
        if (kill.ExitCode != 0)
        {
            throw new InvalidOperationException($"kill -TERM {Pid} exited {kill.ExitCode}.");
        }
    }

    /// <summary>Waits (bounded) until the process has exited, and returns its exit code.</summary>
    public async Task<int> WaitForExit(TimeSpan timeout)
    {
        try
        {
            await _process.WaitForExitAsync().WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"The silo did not exit within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
        }
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        try
        {
            await Kill();
        }
        finally
        {
            _process.Dispose();
        }
    }

    private async Task WaitReady(TimeSpan timeout)
    {
        using var probe = new HttpClient { BaseAddress = Http.BaseAddress, Timeout = ProbeTimeout };
        var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
        while (Stopwatch.GetTimestamp() < deadline)
        {
            if (_process.HasExited)
            {
                // The exit can be seen before the last lines the silo wrote (its reason) have been read: let the
                // redirected output drain first, which WaitForExitAsync does, within a bound.
                using var drained = new CancellationTokenSource(ProbeTimeout);
                await _process.WaitForExitAsync(drained.Token).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
                throw new InvalidOperationException($"The silo exited with code {_process.ExitCode} while starting:{Environment.NewLine}{RecentOutput}");
            }
            try
            {
                using var response = await probe.GetAsync("/healthz/ready");
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
                // Listening, not answering yet.
            }
            await Task.Delay(ProbeInterval);
        }
        throw new TimeoutException($"The silo was not ready within {timeout.TotalSeconds:0} s:{Environment.NewLine}{RecentOutput}");
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
}
