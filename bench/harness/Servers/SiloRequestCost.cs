using Mle.Bench.Load;

namespace Mle.Bench.Servers;

/// <summary>
/// What a silo spends per request on one target, read from the silo itself around a fixed number of requests: its
/// threads' CPU time (<see cref="ServerProcess.ReadCpu"/>) and the bytes its .NET heap allocated (the runtime's
/// <c>dotnet_gc_heap_total_allocated_bytes</c> on <c>/metrics</c>). Unlike throughput on a shared machine, neither
/// depends much on what else runs: allocations not at all, CPU time only through caches.
/// </summary>
public static class SiloRequestCost
{
    /// <summary>Sends <paramref name="requests"/> requests at <paramref name="concurrency"/>; CPU microseconds and bytes per request.</summary>
    public static async Task<(double CpuMicroseconds, double AllocatedBytes)> Measure(
        ServerProcess silo, HttpClient client, HttpTarget target, int requests, int concurrency)
    {
        var allocatedBefore = await Allocated(client);
        var cpuBefore = silo.ReadCpu();
        var sent = -1L;
        await Task.WhenAll(Enumerable.Range(0, concurrency).Select(_ => Task.Run(async () =>
        {
            long sequence;
            while ((sequence = Interlocked.Increment(ref sent)) < requests)
            {
                await ClosedLoopLoad.SendCounted(client, target, sequence);
            }
        })));
        var cpu = silo.ReadCpu().SecondsSince(cpuBefore);
        var allocated = await Allocated(client) - allocatedBefore;
        return (cpu * 1e6 / requests, (double)allocated / requests);
    }

    /// <summary>
    /// The bytes the silo's runtime has allocated so far, from its <c>/metrics</c>. The exporter caches a scrape for a
    /// moment, so the reading waits that out: a cached figure would leave the last requests' bytes out (or, read twice
    /// within the moment, show none at all). Older exporters name the counter with a _total suffix.
    /// </summary>
    public static async Task<long> Allocated(HttpClient client)
    {
        await Task.Delay(TimeSpan.FromSeconds(1.1));
        var scrape = await client.GetStringAsync("metrics");
        return (long)(SiloMetrics.Sum(scrape, "dotnet_gc_heap_total_allocated_bytes") ?? SiloMetrics.Sum(scrape, "dotnet_gc_heap_total_allocated_bytes_total")
            ?? throw new InvalidOperationException("The silo's /metrics has no dotnet_gc_heap_total_allocated_bytes."));
    }
}
