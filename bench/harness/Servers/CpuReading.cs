namespace Mle.Bench.Servers;

/// <summary>
/// A server's CPU use at one moment (<see cref="ServerProcess.ReadCpu"/>): every live thread's run time, precise to
/// the nanosecond, and the process total in clock ticks, which also holds threads that have since exited.
/// </summary>
public sealed record CpuReading(IReadOnlyDictionary<int, long> ThreadNanoseconds, long ProcessTicks)
{
    private const double TicksPerSecond = 100;

    /// <summary>
    /// The CPU seconds run between <paramref name="earlier"/> and this reading: from the threads when every thread
    /// of the earlier reading is still alive (new threads count whole), else from the coarser process total, since the
    /// time of a thread that exited is no longer readable per thread.
    /// </summary>
    public double SecondsSince(CpuReading earlier)
    {
        if (earlier.ThreadNanoseconds.Keys.All(ThreadNanoseconds.ContainsKey))
        {
            var nanoseconds = 0L;
            foreach (var (thread, now) in ThreadNanoseconds)
            {
                nanoseconds += now - earlier.ThreadNanoseconds.GetValueOrDefault(thread);
            }
            return nanoseconds / 1e9;
        }
        return (ProcessTicks - earlier.ProcessTicks) / TicksPerSecond;
    }
}
