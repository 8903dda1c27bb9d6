using System.Diagnostics;
using System.Globalization;
using Npgsql;

namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>
/// A private PostgreSQL cluster: <c>initdb</c> into a temporary folder, then the server on a free loopback port,
/// trusting local connections as the <c>postgres</c> role (no password), durability off for speed (fsync). Its data
/// lives as long as the server: silos may restart against it.
/// </summary>
/// <remarks>
/// PostgreSQL refuses to run as root, and CI runs as root: then initdb and the server run as Debian's
/// <c>postgres</c> system user (created by the <c>postgresql</c> package) through <c>runuser -u postgres --</c>,
/// and the cluster folder is created by initdb itself under the world-writable temporary folder, owned by that user.
/// </remarks>
public sealed class PostgresServer : IAsyncDisposable
{
    public const string Install = "apt-get install -y postgresql";
    private const string SystemUser = "postgres";
    private static readonly TimeSpan InitTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(30);
    private readonly ServerProcess _process;
    private readonly string _directory;

    private PostgresServer(ServerProcess process, string directory, int port)
    {
        _process = process;
        _directory = directory;
        Port = port;
    }

    public int Port { get; }

    /// <summary>The Npgsql connection string of <paramref name="database"/> (<c>Mle:*:ConnectionString</c>).</summary>
    public string ConnectionString(string database = "postgres") => new NpgsqlConnectionStringBuilder
    {
        Host = "127.0.0.1",
        Port = Port,
        Username = SystemUser,
        Database = database,
    }.ConnectionString;

    /// <summary>Starts a new cluster and waits (bounded) until it accepts connections; fails or skips when PostgreSQL is not installed.</summary>
    public static async Task<PostgresServer> StartAsync()
    {
        var initdb = ServerBinary.Require("PostgreSQL", Install, ["initdb", .. Installed("initdb")]);
        var postgres = Path.Combine(Path.GetDirectoryName(initdb)!, "postgres");
        var port = FreePorts.Take(1)[0];
        var directory = Path.Combine(Path.GetTempPath(), "mle-postgres-" + Guid.NewGuid().ToString("N"));

        await RunToEnd(initdb, ["-D", directory, "-U", SystemUser, "-A", "trust", "-E", "UTF8", "--no-sync"], InitTimeout);
        var (executable, arguments) = AsServerUser(postgres,
        [
            "-D", directory,
            "-p", port.ToString(CultureInfo.InvariantCulture),
            "-h", "127.0.0.1",
            "-k", directory,
            "-c", "fsync=off",
            "-c", "full_page_writes=off",
            "-c", "synchronous_commit=off",
            "-c", "max_connections=200",
        ]);
        var process = ServerProcess.Start("postgres", executable, arguments, "ready to accept connections", out var ready);
        var server = new PostgresServer(process, directory, port);
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

    /// <summary>Creates an empty database and returns its connection string: a fresh schema for one test.</summary>
    public async Task<string> CreateDatabaseAsync(string name)
    {
        await using var connection = new NpgsqlConnection(ConnectionString());
        await connection.OpenAsync();
        await using var create = new NpgsqlCommand($"CREATE DATABASE \"{name.Replace("\"", "\"\"", StringComparison.Ordinal)}\"", connection);
        await create.ExecuteNonQueryAsync();
        return ConnectionString(name);
    }

    public async ValueTask DisposeAsync()
    {
        await _process.DisposeAsync();
        if (Directory.Exists(_directory))
        {
            Directory.Delete(_directory, recursive: true);
        }
    }

    /// <summary>Debian keeps the server programs in a folder per major version, off PATH: newest first.</summary>
    internal static string[] Installed(string program) =>
        Directory.Exists("/usr/lib/postgresql")
            ? Directory.GetDirectories("/usr/lib/postgresql")
                .OrderByDescending(version => int.TryParse(Path.GetFileName(version), out var major) ? major : 0)
                .Select(version => Path.Combine(version, "bin", program))
                .ToArray()
            : [];

    private static bool RunningAsRoot => string.Equals(Environment.UserName, "root", StringComparison.Ordinal);

    private static (string Executable, string[] Arguments) AsServerUser(string executable, string[] arguments) =>
        RunningAsRoot ? ("runuser", ["-u", SystemUser, "--", executable, .. arguments]) : (executable, arguments);

    private static async Task RunToEnd(string executable, string[] arguments, TimeSpan timeout)
    {
        var (program, all) = AsServerUser(executable, arguments);
        var start = new ProcessStartInfo(program) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in all)
        {
            start.ArgumentList.Add(argument);
        }

        using var process = Process.Start(start) ?? throw new InvalidOperationException($"Could not start {program}.");
        var output = process.StandardOutput.ReadToEndAsync();
        var errors = process.StandardError.ReadToEndAsync();
        using var deadline = new CancellationTokenSource(timeout);
        try
        {
            await process.WaitForExitAsync(deadline.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{executable} did not finish within {timeout.TotalSeconds:0} s.");
        }

        if (process.ExitCode != 0)
        {
            throw new InvalidOperationException(
                $"{string.Join(' ', [program, .. all])} exited with {process.ExitCode}:{Environment.NewLine}{await output}{await errors}");
        }
    }
}
