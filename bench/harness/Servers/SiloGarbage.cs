using System.Diagnostics.Tracing;
using Microsoft.Diagnostics.NETCore.Client;
using Microsoft.Diagnostics.Tracing;
using Microsoft.Diagnostics.Tracing.Parsers;
using Microsoft.Diagnostics.Tracing.Parsers.Clr;

namespace Mle.Bench.Servers;

/// <summary>
/// Runs a full, blocking garbage collection inside a server process so that its resident set is read settled (as the
/// raw memory probe settles its own) instead of with whatever garbage its last allocations left behind.
/// </summary>
/// <remarks>
/// Through the runtime's diagnostics port, as <c>dotnet-gcdump</c> does: enabling the runtime provider with the
/// GC-heap-collect keyword makes the runtime induce a full collection, and the session's GC events say when it ended.
/// The platform's own management grain is no way in: a silo refuses Orleans' system grains to external clients.
/// </remarks>
public static class SiloGarbage
{
    private const long GcHeapCollectKeyword = 0x800000;
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    public static async Task Collect(ServerProcess server)
    {
        // A second pass frees what the first one's finalizers released, as the raw probe does.
        await CollectOnce(server.ProcessId);
        await CollectOnce(server.ProcessId);
    }

    private static async Task CollectOnce(int processId)
    {
        var client = new DiagnosticsClient(processId);
        var provider = new EventPipeProvider(
            ClrTraceEventParser.ProviderName,
            EventLevel.Informational,
            (long)ClrTraceEventParser.Keywords.GC | GcHeapCollectKeyword);
        using var session = client.StartEventPipeSession([provider], requestRundown: false);
        var ended = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var reading = Task.Run(() =>
        {
            using var source = new EventPipeEventSource(session.EventStream);
            var induced = -1;
            source.Clr.GCStart += start =>
            {
                if (start.Depth == 2 && start.Reason == GCReason.Induced)
                {
                    induced = start.Count;
                }
            };
            source.Clr.GCStop += stop =>
            {
                if (stop.Count == induced)
                {
                    ended.TrySetResult();
                    source.StopProcessing();
                }
            };
            source.Process();
        });
        try
        {
            await ended.Task.WaitAsync(Timeout);
        }
        catch (TimeoutException)
        {
            throw new TimeoutException($"Process {processId} ran no induced full collection within {Timeout.TotalSeconds:0} s of the diagnostics request.");
        }
        finally
        {
            session.Stop();
            await reading.WaitAsync(Timeout).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        }
    }
}
