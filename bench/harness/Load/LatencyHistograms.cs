using HdrHistogram;

namespace Mle.Bench.Load;

/// <summary>Latency histograms in microseconds, from 1 µs to 60 s at three significant digits.</summary>
public static class LatencyHistograms
{
    private const long MaxMicroseconds = 60_000_000;

    public static LongHistogram Create() => new(MaxMicroseconds, 3);

    /// <summary>Records the time from <paramref name="startTimestamp"/> until now, clamped to the histogram's range.</summary>
    public static void RecordSince(HistogramBase histogram, long startTimestamp) =>
        histogram.RecordValue(Math.Clamp((long)Stopwatch.GetElapsedTime(startTimestamp).TotalMicroseconds, 1, MaxMicroseconds));
}
