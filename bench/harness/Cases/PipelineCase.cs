using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using HdrHistogram;
using Microsoft.Extensions.DependencyInjection;
using Mle.Bench.InProcess;
using Mle.Bench.Load;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Client;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines;
using Mle.Pipelines.Execution;
using Mle.Schema;
using Mle.Serving;
using Mle.Serving.Expressions;
using Mle.Streams;
using Orleans.Streams;
using FeatureRow = Mle.Bench.Requests.FeatureRow;

namespace Mle.Bench.Cases;

/// <summary>
/// Pipelines on the embedded default (one silo, memory streams, SQLite): a pipeline filter → score (the tiny model)
/// → stream sink, fed by the co-hosted SDK's pushes, beside the raw cost of the same steps called directly in the same
/// process and run (the compiled filter, <see cref="IModelServing.Score"/>, writing the outputs to a stream): sustained
/// events/s (target ≥ 0.5x of raw), and event → output latency p50/p99 at half the sustained rate (target p99 ≤ 50 ms),
/// measured from each push until its output arrives on the sink's stream.
/// </summary>
public sealed class PipelineCase(BenchOptions options, ModelCache models)
{
    private const string Section = "Pipeline: filter → score → stream sink";
    private const string Name = "bench-pipeline";
    private const string Sink = "bench-outputs";
    private const string Filter = "X > -1000";
    private const int BatchSize = 100;
    private const int Concurrency = 4;
    private const int SmallBatch = 10;

    private int Events => options.Quick ? 20_000 : 200_000;

    // Small pushes cost far more per event (a push is a call, whatever its size): their own, shorter sustained run.
    private int SmallEvents => Events / 10;

    public async Task<ResultSection> Run()
    {
        var directory = Path.Combine(options.ScratchDirectory, $"pipeline-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}");
        await using var platform = await InProcessPlatform.Start(directory, "--Mle:Pipelines:MaxInFlightEvents=100000");
        var spec = BenchmarkModels.Tiny;
        var scorer = await platform.Register(spec, models.GetOrTrain(spec));
        var pipelines = platform.Services.GetRequiredService<IMleClient>().Pipelines;
        await pipelines.CreateAsync(new PipelineBuilder(Name)
            .WithSchema(new Dictionary<string, string> { ["X"] = "number", ["Y"] = "number" })
            .Filter("keep", Filter)
            .Score("score", Invariant($"{spec.Name}@{scorer.Version.Version}"))
            .ToStream("out", Sink));
        await pipelines.DeployAsync(Name);
        var streams = platform.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamNames.Provider);
        var outputs = new Outputs();
        var subscription = await streams.GetStream<PipelineOutput>(StreamId.Create(Sink, $"default/{Name}"))
            .SubscribeAsync((output, _) => outputs.Arrived(output.Id));
        var rows = FeatureRow.Sample(spec, 1000);

        // Warm both paths (tiered JIT), then measure the raw steps first, then the pipeline.
        var raw = new RawSteps(platform.Services.GetRequiredService<IModelServing>(), scorer.Version, streams);
        await raw.Run(Batches(rows, "warm-raw", Events / 10), Concurrency);
        await PushAll(pipelines, Batches(rows, "warm", Events / 10), outputs);
        using var meter = new OrleansMessages();
        var rawCost = Cost.Start(meter);
        var rawElapsed = await raw.Run(Batches(rows, "raw", Events), Concurrency);
        rawCost = rawCost.Stop(Events);
        var pipelineCost = Cost.Start(meter);
        var pipelineElapsed = await PushAll(pipelines, Batches(rows, "e", Events), outputs);
        pipelineCost = pipelineCost.Stop(Events);
        var rawRate = Events / rawElapsed.TotalSeconds;
        var pipelineRate = Events / pipelineElapsed.TotalSeconds;

        var rawSmallCost = Cost.Start(meter);
        var rawSmallElapsed = await raw.Run(Batches(rows, "raw-s", SmallEvents, SmallBatch), Concurrency);
        rawSmallCost = rawSmallCost.Stop(SmallEvents);
        var smallCost = Cost.Start(meter);
        var smallElapsed = await PushAll(pipelines, Batches(rows, "s", SmallEvents, SmallBatch), outputs);
        smallCost = smallCost.Stop(SmallEvents);
        var rawSmallRate = SmallEvents / rawSmallElapsed.TotalSeconds;
        var smallRate = SmallEvents / smallElapsed.TotalSeconds;

        var latency = await Latency(pipelines, rows, outputs, pipelineRate / 2, BatchSize, "l");
        var smallLatency = await Latency(pipelines, rows, outputs, smallRate / 2, SmallBatch, "ls");
        var rawLatency = await RawLatency(raw, rows, BatchSize);
        var rawSmallLatency = await RawLatency(raw, rows, SmallBatch);
        await subscription.UnsubscribeAsync();
        Console.WriteLine(Invariant($"pipeline, pushes of {BatchSize}: {pipelineRate:0} events/s (raw {rawRate:0}); at {pipelineRate / 2:0} events/s p50 {P(latency, 50):0.0} ms, p99 {P(latency, 99):0.0} ms"));
        Console.WriteLine(Invariant($"pipeline, pushes of {SmallBatch}: {smallRate:0} events/s (raw {rawSmallRate:0}); at {smallRate / 2:0} events/s p50 {P(smallLatency, 50):0.0} ms, p99 {P(smallLatency, 99):0.0} ms"));
        foreach (var (label, cost) in new[] { ("raw", rawCost), ($"pipeline, batches of {BatchSize}", pipelineCost), ($"raw, batches of {SmallBatch}", rawSmallCost), ($"pipeline, batches of {SmallBatch}", smallCost) })
        {
            Console.WriteLine(Invariant($"[pipeline] {label,-26} per event: {cost.CpuMicroseconds,7:0.0} µs CPU {cost.AllocatedBytes,8:0} B allocated {cost.Messages,6:0.00} grain messages {cost.StreamReads,6:0.00} stream messages read {cost.StreamDeliveries,6:0.00} deliveries"));
        }

        return new ResultSection(
            Section,
            "the same steps called directly in the same process: the compiled filter, IModelServing.Score, the outputs written to a memory stream",
            Invariant($"Embedded default (one silo in the benchmark process, memory streams, SQLite), model '{spec.Name}'. Sustained: {Events:N0} events pushed through the co-hosted SDK in batches of {BatchSize}, {Concurrency} pushes at a time (retried on 429), until the last output arrives on the sink's stream; raw: the same batches, {Concurrency} at a time. The same again with pushes of {SmallBatch} ({SmallEvents:N0} events; raw in batches of {SmallBatch}). Latency: pushes of each size at half the sustained rate measured with that size (open loop), from the push until the event's output arrives (raw: per batch of the same size, one at a time). Targets (pushes of {BatchSize}): ratio ≥ 0.5, p99 ≤ 50 ms."),
            [
                new ResultRow(Section, "sustained throughput (target ≥ 0.5x raw)", "events/s", Measurement.Of(pipelineRate), Measurement.Of(rawRate), Better.Higher),
                new ResultRow(Section, Invariant($"event → output p50 at {pipelineRate / 2:0} events/s, pushes of {BatchSize}"), "ms", Ms(latency, 50), Ms(rawLatency, 50), Better.Lower),
                new ResultRow(Section, Invariant($"event → output p99 at {pipelineRate / 2:0} events/s, pushes of {BatchSize} (target ≤ 50 ms)"), "ms", Ms(latency, 99), Ms(rawLatency, 99), Better.Lower),
                new ResultRow(Section, Invariant($"process CPU per event, batches of {BatchSize}"), "µs", Measurement.Of(pipelineCost.CpuMicroseconds), Measurement.Of(rawCost.CpuMicroseconds), Better.Lower),
                new ResultRow(Section, Invariant($"grain messages per event, batches of {BatchSize}"), "messages", Measurement.Of(pipelineCost.Messages), Measurement.Of(rawCost.Messages), Better.Lower),
                new ResultRow(Section, Invariant($"sustained throughput, pushes of {SmallBatch}"), "events/s", Measurement.Of(smallRate), Measurement.Of(rawSmallRate), Better.Higher),
                new ResultRow(Section, Invariant($"event → output p50 at {smallRate / 2:0} events/s, pushes of {SmallBatch}"), "ms", Ms(smallLatency, 50), Ms(rawSmallLatency, 50), Better.Lower),
                new ResultRow(Section, Invariant($"event → output p99 at {smallRate / 2:0} events/s, pushes of {SmallBatch}"), "ms", Ms(smallLatency, 99), Ms(rawSmallLatency, 99), Better.Lower),
                new ResultRow(Section, Invariant($"process CPU per event, batches of {SmallBatch}"), "µs", Measurement.Of(smallCost.CpuMicroseconds), Measurement.Of(rawSmallCost.CpuMicroseconds), Better.Lower),
                new ResultRow(Section, Invariant($"grain messages per event, batches of {SmallBatch}"), "messages", Measurement.Of(smallCost.Messages), Measurement.Of(rawSmallCost.Messages), Better.Lower),
            ]);
    }

    private static double P(HistogramBase histogram, double percentile) => histogram.GetValueAtPercentile(percentile) / 1000.0;

    private static Measurement Ms(HistogramBase histogram, double percentile) =>
        histogram.TotalCount == 0 ? Measurement.NotAvailable("nothing arrived") : Measurement.Of(histogram.GetValueAtPercentile(percentile) / 1000.0);

    private static List<FeatureEvent[]> Batches(IReadOnlyList<FeatureRow> rows, string prefix, int events, int size = BatchSize)
    {
        var time = DateTimeOffset.UtcNow;
        return [.. Enumerable.Range(0, events).Select(i =>
        {
            var row = rows[i % rows.Count];
            var values = row.Values.ToDictionary(v => v.Key, v => (FeatureValue)(double)(float)v.Value, StringComparer.Ordinal);
            return new FeatureEvent(Invariant($"{prefix}{i}"), Invariant($"k{i % 1024}"), time, values);
        }).Chunk(size)];
    }

    /// <summary>Pushes every batch, <see cref="Concurrency"/> at a time, and waits until each event's output arrived.</summary>
    private static async Task<TimeSpan> PushAll(IPipelinesClient pipelines, List<FeatureEvent[]> batches, Outputs outputs)
    {
        var expected = outputs.Count + batches.Sum(b => b.Length);
        var started = Stopwatch.GetTimestamp();
        var next = -1;
        await Task.WhenAll(Enumerable.Range(0, Concurrency).Select(async _ =>
        {
            int i;
            while ((i = Interlocked.Increment(ref next)) < batches.Count)
            {
                await Push(pipelines, batches[i]);
            }
        }));
        await outputs.WaitFor(expected, TimeSpan.FromMinutes(5));
        return Stopwatch.GetElapsedTime(started);
    }

    private static async Task Push(IPipelinesClient pipelines, FeatureEvent[] batch)
    {
        while (true)
        {
            try
            {
                await pipelines.PushAsync(Name, batch);
                return;
            }
            catch (MleException full) when (full.Code == ErrorCodes.TooManyRequests)
            {
                // Backpressure: the pipeline holds its bound of events in flight; try again shortly.
                await Task.Delay(1);
            }
        }
    }

    private async Task<HistogramBase> Latency(
        IPipelinesClient pipelines, IReadOnlyList<FeatureRow> rows, Outputs outputs, double eventsPerSecond, int size, string prefix)
    {
        var duration = options.Measure;
        var count = Math.Max(size, (int)(eventsPerSecond * duration.TotalSeconds) / size * size);
        var batches = Batches(rows, prefix, count, size);
        var interval = TimeSpan.FromSeconds(size / eventsPerSecond);
        var histogram = LatencyHistograms.Create();
        outputs.Track(histogram);
        var started = Stopwatch.GetTimestamp();
        var sends = new List<Task>(batches.Count);
        for (var i = 0; i < batches.Count; i++)
        {
            // Open loop: each batch leaves at its scheduled time, whether or not the ones before it are done.
            var due = started + (long)(i * interval.TotalSeconds * Stopwatch.Frequency);
            var wait = Stopwatch.GetElapsedTime(Stopwatch.GetTimestamp(), due);
            if (wait > TimeSpan.Zero)
            {
                await Task.Delay(wait);
            }
            var batch = batches[i];
            var sent = Stopwatch.GetTimestamp();
            foreach (var e in batch)
            {
                outputs.Sent(e.Id, sent);
            }
            sends.Add(Push(pipelines, batch));
        }
        await Task.WhenAll(sends);
        await outputs.WaitForTracked(TimeSpan.FromMinutes(2));
        outputs.Track(null);
        return histogram;
    }

    private static async Task<HistogramBase> RawLatency(RawSteps raw, IReadOnlyList<FeatureRow> rows, int size)
    {
        var rawHistogram = LatencyHistograms.Create();
        foreach (var batch in Batches(rows, "rl" + size, 2_000, size))
        {
            var sent = Stopwatch.GetTimestamp();
            await raw.Process(batch);
            LatencyHistograms.RecordSince(rawHistogram, sent);
        }
        return rawHistogram;
    }

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);

    /// <summary>The outputs arriving on the sink's stream: counted, and timed for the events being tracked.</summary>
    private sealed class Outputs
    {
        private readonly ConcurrentDictionary<string, long> _sent = new(StringComparer.Ordinal);
        private long _count;
        private HistogramBase? _latency;

        public long Count => Interlocked.Read(ref _count);

        public void Track(HistogramBase? latency) => _latency = latency;

        public void Sent(string id, long timestamp) => _sent[id] = timestamp;

        public Task Arrived(string id)
        {
            Interlocked.Increment(ref _count);
            if (_latency is { } latency && _sent.TryRemove(id, out var sent))
            {
                lock (latency)
                {
                    LatencyHistograms.RecordSince(latency, sent);
                }
            }
            return Task.CompletedTask;
        }

        public async Task WaitFor(long count, TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (Count < count)
            {
                if (Stopwatch.GetTimestamp() > deadline)
                {
                    throw new TimeoutException(Invariant($"{Count} of {count} pipeline outputs arrived within {timeout.TotalSeconds:0} s."));
                }
                await Task.Delay(1);
            }
        }

        public async Task WaitForTracked(TimeSpan timeout)
        {
            var deadline = Stopwatch.GetTimestamp() + (long)(timeout.TotalSeconds * Stopwatch.Frequency);
            while (!_sent.IsEmpty && Stopwatch.GetTimestamp() < deadline)
            {
                await Task.Delay(1);
            }
        }
    }

    /// <summary>
    /// What a phase cost per event in this process, measures a shared machine's load does not distort: CPU time, bytes
    /// allocated, Orleans messages sent inside the silo (requests, responses and one-way calls), stream messages the
    /// pulling agents read from their queues and batches they delivered to consumers.
    /// </summary>
    private readonly record struct Cost(double CpuMicroseconds, double AllocatedBytes, double Messages, double StreamReads, double StreamDeliveries, OrleansMessages? Meter = null)
    {
        public static Cost Start(OrleansMessages meter)
        {
            var (local, reads, deliveries) = meter.Read();
            return new Cost(Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds, GC.GetTotalAllocatedBytes(), local, reads, deliveries, meter);
        }

        public Cost Stop(int events)
        {
            var (local, reads, deliveries) = Meter!.Read();
            var n = Math.Max(1, events);
            return new Cost(
                (Process.GetCurrentProcess().TotalProcessorTime.TotalMicroseconds - CpuMicroseconds) / n,
                (GC.GetTotalAllocatedBytes() - AllocatedBytes) / n,
                (local - Messages) / n,
                (reads - StreamReads) / n,
                (deliveries - StreamDeliveries) / n);
        }
    }

    /// <summary>Orleans' own counters of this process (meter <c>Microsoft.Orleans</c>): local messages sent, stream messages read and delivered.</summary>
    private sealed class OrleansMessages : IDisposable
    {
        private readonly MeterListener _listener = new();
        private long _local;
        private long _reads;
        private long _deliveries;

        public OrleansMessages()
        {
            _listener.InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == "Microsoft.Orleans" && instrument.Name is LocalMessages or StreamReads or StreamDeliveries)
                {
                    listener.EnableMeasurementEvents(instrument);
                }
            };
            _listener.SetMeasurementEventCallback<long>((instrument, value, _, _) => Add(instrument.Name, value));
            _listener.SetMeasurementEventCallback<int>((instrument, value, _, _) => Add(instrument.Name, value));
            _listener.Start();
        }

        private const string LocalMessages = "orleans-messaging-sent-local";
        private const string StreamReads = "orleans-streams-persistent-stream-messages-read";
        private const string StreamDeliveries = "orleans-streams-persistent-stream-messages-sent";

        public (long Local, long Reads, long Deliveries) Read()
        {
            // The local message count is an observable counter (a running total, reported when collected).
            Interlocked.Exchange(ref _local, 0);
            _listener.RecordObservableInstruments();
            return (Interlocked.Read(ref _local), Interlocked.Read(ref _reads), Interlocked.Read(ref _deliveries));
        }

        private void Add(string name, long value)
        {
            switch (name)
            {
                case LocalMessages:
                    Interlocked.Add(ref _local, value);
                    break;
                case StreamReads:
                    Interlocked.Add(ref _reads, value);
                    break;
                case StreamDeliveries:
                    Interlocked.Add(ref _deliveries, value);
                    break;
            }
        }

        public void Dispose() => _listener.Dispose();
    }

    /// <summary>The pipeline's steps without the pipeline: the compiled filter, the model, the outputs to a stream.</summary>
    private sealed class RawSteps
    {
        private readonly IModelServing _serving;
        private readonly Mle.Registry.ModelVersionInfo _version;
        private readonly CompiledExpression _filter;
        private readonly IAsyncStream<PipelineOutput> _stream;

        public RawSteps(IModelServing serving, Mle.Registry.ModelVersionInfo version, IStreamProvider streams)
        {
            _serving = serving;
            _version = version;
            _filter = new ExpressionCompiler().CompilePredicate(Filter, FieldSchema.Of(("X", FieldType.Number), ("Y", FieldType.Number)));
            _stream = streams.GetStream<PipelineOutput>(StreamId.Create(Sink, "default/raw"));
        }

        public async Task<TimeSpan> Run(List<FeatureEvent[]> batches, int concurrency)
        {
            var started = Stopwatch.GetTimestamp();
            var next = -1;
            await Task.WhenAll(Enumerable.Range(0, concurrency).Select(async _ =>
            {
                int i;
                while ((i = Interlocked.Increment(ref next)) < batches.Count)
                {
                    await Process(batches[i]);
                }
            }));
            return Stopwatch.GetElapsedTime(started);
        }

        public async Task Process(FeatureEvent[] batch)
        {
            var records = new List<PipelineRecord>(batch.Length);
            for (var i = 0; i < batch.Length; i++)
            {
                var record = PipelineRecord.Of(batch[i], i);
                if (_filter.Matches(record.Fields))
                {
                    records.Add(record);
                }
            }
            var scored = await _serving.Score(_version, RecordColumns.Inputs(_version.Schema!, records));
            var outputs = new PipelineOutput[records.Count];
            for (var i = 0; i < records.Count; i++)
            {
                outputs[i] = new PipelineOutput(Name, 1, records[i].Id, records[i].Time, records[i].With([new("prediction", RecordColumns.Row(scored, i))]).Fields);
            }
            foreach (var chunk in outputs.Chunk(64))
            {
                await _stream.OnNextBatchAsync(chunk);
            }
        }
    }
}
