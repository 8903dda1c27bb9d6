using System.Diagnostics;
using System.Globalization;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting.Backends;

/// <summary>
/// Reaches every backend the configuration names before the silo starts, each within
/// <c>Mle:Startup:BackendTimeout</c>, and fails the start with one message naming each unreachable setting and its
/// endpoint. Without it a wrong host or a closed port surfaces late and vaguely: the providers retry (Orleans'
/// membership for minutes), or fail on the first grain call long after the silo reported ready. Registered ahead
/// of Orleans, so its start runs first.
/// </summary>
internal sealed class BackendGate(Func<IReadOnlyList<BackendCheck>> checks, IOptions<StartupOptions> startup, ILogger<BackendGate> logger) : IHostedService
{
    public async Task StartAsync(CancellationToken cancellationToken)
    {
        var timeout = startup.Value.BackendTimeout;
        // Built now, after the settings gate checked every setting they read.
        var failures = await Task.WhenAll(checks().Select(check => Reach(check, timeout, cancellationToken)));
        var unreachable = failures.OfType<string>().ToList();
        if (unreachable.Count > 0)
        {
            throw new BackendUnreachableException(string.Join(Environment.NewLine, unreachable));
        }
    }

    public Task StopAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Null when the backend answered; otherwise what failed, naming the setting and the endpoint.</summary>
    private async Task<string?> Reach(BackendCheck check, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var started = Stopwatch.GetTimestamp();
        using var deadline = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        deadline.CancelAfter(timeout);
        try
        {
            // A probe that ignores its token (a blocking connect) still cannot hold the start past the deadline.
            await check.Probe(deadline.Token).WaitAsync(deadline.Token).ConfigureAwait(false);
            logger.LogInformation("{Setting}: {Endpoint} answered in {Elapsed} ms.", check.Setting, check.Endpoint,
                (int)Stopwatch.GetElapsedTime(started).TotalMilliseconds);
            return null;
        }
        catch (OperationCanceledException) when (deadline.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            return string.Create(CultureInfo.InvariantCulture,
                $"{check.Setting}: {check.Endpoint} did not answer within {timeout.TotalSeconds:0.#} s (Mle:Startup:BackendTimeout).");
        }
        catch (Exception e) when (e is Npgsql.PostgresException or Azure.RequestFailedException { Status: > 0 })
        {
            // The server is there and said no: credentials, permissions, a missing database.
            return $"{check.Setting}: {check.Endpoint} answered but refused: {FirstLine(e)}";
        }
        catch (Exception e) when (e is not OperationCanceledException || !cancellationToken.IsCancellationRequested)
        {
            return $"{check.Setting}: {check.Endpoint} could not be reached: {FirstLine(e)}";
        }
    }

    private static string FirstLine(Exception e)
    {
        var innermost = e;
        while (innermost.InnerException is { } inner && innermost is AggregateException)
        {
            innermost = inner;
        }
        var message = innermost.Message;
        var end = message.IndexOfAny(['\r', '\n']);
        return end < 0 ? message : message[..end];
    }
}
