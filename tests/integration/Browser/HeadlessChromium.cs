using System.Diagnostics;

namespace Mle.Tests.Integration.Browser;

/// <summary>
/// Debian's Chromium, run headless against a page on loopback. Under <c>CI=true</c> a missing browser is a
/// failure (CI installs it); on a developer machine without it, browser tests are skipped with the reason.
/// </summary>
internal static class HeadlessChromium
{
    private static readonly string[] Candidates = ["/usr/bin/chromium", "/usr/bin/chromium-browser", "/usr/bin/google-chrome"];

    public static string? Executable => Candidates.FirstOrDefault(File.Exists);

    public static void RequireOrSkip()
    {
        if (Executable is not null)
        {
            return;
        }
        const string Missing = "Chromium is not installed (apt-get install chromium); .ci/run installs it.";
        Assert.False(string.Equals(Environment.GetEnvironmentVariable("CI"), "true", StringComparison.OrdinalIgnoreCase), Missing);
        Skip.If(true, Missing);
    }

    /// <summary>Loads <paramref name="url"/>, lets its scripts run for <paramref name="scriptTime"/> of page time, and returns the DOM.</summary>
    public static async Task<string> DumpDom(Uri url, TimeSpan scriptTime, TimeSpan timeout)
    {
        var profile = Directory.CreateTempSubdirectory("mle-chromium-");
        try
        {
            var start = new ProcessStartInfo(Executable!)
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            };
            // The flags keep Chromium from reaching out to the network this machine does not have.
            foreach (var argument in new[]
            {
                "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                "--disable-background-networking", "--disable-component-update", "--disable-sync",
                $"--user-data-dir={profile.FullName}",
                $"--virtual-time-budget={(int)scriptTime.TotalMilliseconds}",
                "--dump-dom", url.ToString(),
            })
            {
                start.ArgumentList.Add(argument);
            }

            using var process = Process.Start(start)!;
            using var deadline = new CancellationTokenSource(timeout);
            var dom = process.StandardOutput.ReadToEndAsync(deadline.Token);
            var errors = process.StandardError.ReadToEndAsync(deadline.Token);
            try
            {
                await process.WaitForExitAsync(deadline.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new TimeoutException($"Chromium did not render {url} within {timeout}.");
            }
            Assert.True(process.ExitCode == 0, $"Chromium exited with {process.ExitCode}: {await errors}");
            return await dom;
        }
        finally
        {
            profile.Delete(recursive: true);
        }
    }
}
