using System.Diagnostics;
using System.Text.RegularExpressions;
using Mle.Tests.Integration.Deployment;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// <c>deploy/local-cluster.sh</c> run as a person runs it, on a private state folder, ports from a free one up and
/// the silo these tests were built with.
/// </summary>
internal sealed partial class LocalClusterScript(string state, int firstPort)
{
    private static readonly TimeSpan CommandTimeout = TimeSpan.FromSeconds(240);

    public sealed record Silo(int Number, int Pid, Uri Http);

    public string State => state;

    public string AdminKey => File.ReadAllText(Path.Combine(state, "admin.key")).Trim();

    /// <summary>Variables the script runs with on top of this process's environment (a narrower <c>PATH</c>).</summary>
    public Dictionary<string, string> Variables { get; } = [];

    /// <summary>
    /// The process id of the backend server the script started, from the pid file it recorded (redis-server's,
    /// PostgreSQL's <c>postmaster.pid</c>, Azurite's); null when it started none or has forgotten it.
    /// </summary>
    public int? BackendPid()
    {
        var recorded = Path.Combine(state, "backend.pidfile");
        if (!File.Exists(recorded))
        {
            return null;
        }
        var pidFile = File.ReadAllText(recorded).Trim();
        return File.Exists(pidFile) && int.TryParse(File.ReadLines(pidFile).FirstOrDefault()?.Trim(), System.Globalization.CultureInfo.InvariantCulture, out var pid)
            ? pid
            : null;
    }

    /// <summary>Runs the script with <paramref name="arguments"/>; its exit code and everything it printed.</summary>
    public async Task<(int ExitCode, string Output)> Run(params string[] arguments)
    {
        var start = new ProcessStartInfo("bash")
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        start.ArgumentList.Add(RepositoryRoot.Combine("deploy", "local-cluster.sh"));
        foreach (var argument in arguments)
        {
            start.ArgumentList.Add(argument);
        }
        start.Environment["MLE_CLUSTER_STATE"] = state;
        start.Environment["MLE_CLUSTER_FIRST_PORT"] = firstPort.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["MLE_CLUSTER_TIMEOUT"] = "150";
        start.Environment["MLE_SILO_DLL"] = Path.Combine(AppContext.BaseDirectory, "Orleans.Mle.Silo.dll");
        start.Environment["Logging__LogLevel__Default"] = "Warning";
        foreach (var (name, value) in Variables)
        {
            start.Environment[name] = value;
        }

        using var process = Process.Start(start)!;
        using var deadline = new CancellationTokenSource(CommandTimeout);
        var output = process.StandardOutput.ReadToEndAsync(deadline.Token);
        var errors = process.StandardError.ReadToEndAsync(deadline.Token);
        await process.WaitForExitAsync(deadline.Token);
        return (process.ExitCode, await output + await errors);
    }

    /// <summary>The <c>silo &lt;n&gt; pid &lt;pid&gt; http &lt;url&gt;</c> lines of the script's output.</summary>
    public static IReadOnlyList<Silo> Silos(string output) =>
        SiloLine().Matches(output).Select(m => new Silo(int.Parse(m.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture),
            int.Parse(m.Groups[2].Value, System.Globalization.CultureInfo.InvariantCulture), new Uri(m.Groups[3].Value))).ToList();

    public static bool Running(int pid)
    {
        try
        {
            using var process = Process.GetProcessById(pid);
            return !process.HasExited;
        }
        catch (ArgumentException)
        {
            return false;
        }
    }

    [GeneratedRegex(@"^silo (\d+) pid (\d+) http (\S+)$", RegexOptions.Multiline)]
    private static partial Regex SiloLine();
}
