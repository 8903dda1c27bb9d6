using System.Text;
using System.Text.RegularExpressions;
using Mle.Bench.Servers;

namespace Mle.Bench.Wrk;

/// <summary>
/// One run of <c>wrk</c> (the Debian package) against a target: a Lua script that POSTs the target's bodies in
/// turn, <c>--latency</c> for the percentiles, and the summary parsed from its output. wrk is a C load generator
/// with its own threads, so it shares the two cores with the server differently from the .NET generator.
/// </summary>
public static partial class WrkRun
{
    /// <summary>The wrk executable on PATH, or null when it is not installed.</summary>
    public static string? Find() =>
        (Environment.GetEnvironmentVariable("PATH") ?? "").Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, "wrk"))
            .FirstOrDefault(File.Exists);

    public static async Task<WrkResult> Run(string wrk, Uri target, IReadOnlyList<byte[]> bodies, int threads, int connections, TimeSpan duration, string scratch)
    {
        Directory.CreateDirectory(scratch);
        var script = Path.Combine(scratch, $"post-{Guid.NewGuid():N}.lua");
        await File.WriteAllTextAsync(script, Script(bodies));
        try
        {
            var start = new ProcessStartInfo(wrk) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
            foreach (var argument in (string[])[
                "-t", Invariant($"{threads}"), "-c", Invariant($"{connections}"), "-d", Invariant($"{Math.Max(1, (int)duration.TotalSeconds)}s"),
                "--timeout", "10s", "--latency", "-s", script, target.ToString()])
            {
                start.ArgumentList.Add(argument);
            }
            using var process = Process.Start(start) ?? throw new InvalidOperationException($"'{wrk}' did not start.");
            var output = process.StandardOutput.ReadToEndAsync();
            var error = process.StandardError.ReadToEndAsync();
            using var deadline = new CancellationTokenSource(duration + TimeSpan.FromSeconds(60));
            await process.WaitForExitAsync(deadline.Token);
            if (process.ExitCode != 0)
            {
                throw new InvalidOperationException($"wrk exited with {process.ExitCode}: {await error}");
            }
            return Parse(await output);
        }
        finally
        {
            File.Delete(script);
        }
    }

    /// <summary>Every body is formatted once in <c>init</c>; <c>request</c> only hands the next one out.</summary>
    private static string Script(IReadOnlyList<byte[]> bodies)
    {
        var lua = new StringBuilder("local bodies = {\n");
        foreach (var body in bodies)
        {
            lua.Append("[==[").Append(Encoding.UTF8.GetString(body)).Append("]==],\n");
        }
        lua.Append("""
            }
            local requests = {}
            local next = 0
            init = function(args)
              for i, body in ipairs(bodies) do
                requests[i] = wrk.format("POST", nil, { ["Content-Type"] = "application/json", ["Authorization"] = "Bearer {{AUTH}}" }, body)
              end
            end
            request = function()
              next = next % #requests + 1
              return requests[next]
            end

            """);
        // Both servers get the same header bytes: the platform checks the key, the peer ignores it.
        return lua.Replace("{{AUTH}}", BenchServers.AdminKey).ToString();
    }

    /// <summary>Reads wrk's summary: requests per second, the latency distribution, non-2xx answers and socket errors.</summary>
    public static WrkResult Parse(string output)
    {
        var throughput = double.Parse(Throughput().Match(output) is { Success: true } t ? t.Groups[1].Value : throw Unreadable(output), CultureInfo.InvariantCulture);
        double Percentile(string p) => Percentiles().Matches(output).FirstOrDefault(m => m.Groups[1].Value == p) is { } m
            ? Microseconds(m.Groups[2].Value, m.Groups[3].Value) : throw Unreadable(output);
        var requests = Requests().Match(output) is { Success: true } r ? long.Parse(r.Groups[1].Value, CultureInfo.InvariantCulture) : throw Unreadable(output);
        var failed = Non2xx().Match(output) is { Success: true } n ? long.Parse(n.Groups[1].Value, CultureInfo.InvariantCulture) : 0;
        var errors = SocketErrors().Match(output) is { Success: true } s
            ? Enumerable.Range(1, 4).Sum(g => long.Parse(s.Groups[g].Value, CultureInfo.InvariantCulture)) : 0;
        return new WrkResult(throughput, Percentile("50%"), Percentile("99%"), requests, failed + errors);
    }

    private static double Microseconds(string value, string unit) => double.Parse(value, CultureInfo.InvariantCulture) * unit switch
    {
        "us" => 1,
        "ms" => 1_000,
        "s" => 1_000_000,
        "m" => 60_000_000,
        _ => throw new FormatException($"Unknown wrk time unit '{unit}'."),
    };

    private static FormatException Unreadable(string output) => new($"wrk's output could not be read:{Environment.NewLine}{output}");

    [GeneratedRegex(@"Requests/sec:\s+([\d.]+)")]
    private static partial Regex Throughput();

    [GeneratedRegex(@"^\s+(\d+%)\s+([\d.]+)(us|ms|s|m)\s*$", RegexOptions.Multiline)]
    private static partial Regex Percentiles();

    [GeneratedRegex(@"(\d+) requests in")]
    private static partial Regex Requests();

    [GeneratedRegex(@"Non-2xx or 3xx responses:\s+(\d+)")]
    private static partial Regex Non2xx();

    [GeneratedRegex(@"Socket errors: connect (\d+), read (\d+), write (\d+), timeout (\d+)")]
    private static partial Regex SocketErrors();

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
