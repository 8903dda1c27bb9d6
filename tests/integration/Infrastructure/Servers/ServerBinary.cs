namespace Mle.Tests.Integration.Infrastructure.Servers;

/// <summary>
/// Finds a server's executable. Under <c>CI=true</c> a missing one fails the test, naming what <c>.ci/run</c> should
/// have installed; on a developer machine without it the test is skipped with the same reason.
/// </summary>
public static class ServerBinary
{
    public static bool UnderCi =>
        string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase);

    /// <summary>The first of <paramref name="candidates"/> (a name on PATH or an absolute path) that exists.</summary>
    /// <param name="install">How to install it, as <c>.ci/run</c> does (<c>apt-get install -y redis-server</c>).</param>
    public static string Require(string server, string install, params string[] candidates)
    {
        foreach (var candidate in candidates)
        {
            if (Resolve(candidate) is { } path)
            {
                return path;
            }
        }

        var missing = $"{server} is not installed (none of {string.Join(", ", candidates)} exists); .ci/run installs it with `{install}`.";
        if (UnderCi)
        {
            throw new InvalidOperationException(missing);
        }

        throw new SkipException(missing);
    }

    private static string? Resolve(string candidate)
    {
        if (Path.IsPathRooted(candidate))
        {
            return File.Exists(candidate) ? candidate : null;
        }

        return (Environment.GetEnvironmentVariable("PATH") ?? "")
            .Split(Path.PathSeparator, StringSplitOptions.RemoveEmptyEntries)
            .Select(directory => Path.Combine(directory, candidate))
            .FirstOrDefault(File.Exists);
    }
}
