using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Mle.Pipelines;

/// <summary>
/// Adds up the reports of the batches this silo's partitions processed, per pipeline, and sends each pipeline the sum
/// once per <see cref="PipelinesOptions.ReportInterval"/> (one one-way call) instead of one call per batch: under load
/// a pipeline's grain takes a few reports a second from each silo, however many batches they were. Counters stay
/// exact (reports add up); the pipeline sees them, and its in-flight count falls, at most that interval later.
/// </summary>
public sealed partial class PipelineReports(IGrainFactory grains, IOptions<PipelinesOptions> options, TimeProvider time, ILogger<PipelineReports> logger)
{
    private readonly ConcurrentDictionary<(string Pipeline, string? Silo), Pending> _pending = new();

    /// <summary>Adds <paramref name="report"/> to what goes to <paramref name="pipeline"/> (<c>{tenant}/{name}</c>) next.</summary>
    public void Add(string pipeline, BatchReport report)
    {
        var pending = _pending.GetOrAdd((pipeline, report.Silo), static _ => new Pending());
        bool first;
        lock (pending)
        {
            first = pending.Report is null;
            pending.Report = pending.Report is { } held ? Sum(held, report) : report;
        }
        if (first)
        {
            // The first report of an interval starts it; the others only add to it.
            _ = Send(pipeline, pending);
        }
    }

    private async Task Send(string pipeline, Pending pending)
    {
        await Task.Delay(options.Value.ReportInterval, time);
        BatchReport report;
        lock (pending)
        {
            report = pending.Report!;
            pending.Report = null;
        }
        try
        {
            await grains.GetGrain<IPipelineGrain>(pipeline).Completed(report);
        }
        catch (Exception error)
        {
            // Counters are best effort; the events themselves are done.
            LogReportFailed(logger, pipeline, report.Events, error);
        }
    }

    /// <summary>Two reports of one pipeline and silo as one: every count added, steps by name in the order first seen.</summary>
    public static BatchReport Sum(BatchReport a, BatchReport b)
    {
        var steps = new List<StepCounters>(a.Steps.Count);
        steps.AddRange(a.Steps);
        foreach (var step in b.Steps)
        {
            var index = steps.FindIndex(s => string.Equals(s.Step, step.Step, StringComparison.Ordinal));
            if (index < 0)
            {
                steps.Add(step);
            }
            else
            {
                steps[index] = step with { Counters = steps[index].Counters.Add(step.Counters) };
            }
        }
        return new BatchReport(a.Events + b.Events, a.Counters.Add(b.Counters), steps, a.Latency.Add(b.Latency), a.Silo ?? b.Silo);
    }

    private sealed class Pending
    {
        public BatchReport? Report { get; set; }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The counters of pipeline {Pipeline} for {Events} events could not be reported.")]
    private static partial void LogReportFailed(ILogger logger, string pipeline, int events, Exception error);
}
