using BenchmarkDotNet.Configs;
using BenchmarkDotNet.Jobs;
using BenchmarkDotNet.Loggers;
using BenchmarkDotNet.Columns;
using Perfolizer.Horology;
using Summary = BenchmarkDotNet.Reports.Summary;
using BenchmarkDotNet.Running;
using BenchmarkDotNet.Toolchains.InProcess.Emit;
using Mle.Bench.InProcess;
using Mle.Bench.Models;
using Mle.Bench.Reporting;
using Mle.Bench.Requests;
using Mle.Data;

namespace Mle.Bench.Cases;

/// <summary>
/// Case 1: scoring inside one process. BenchmarkDotNet runs bare ML.NET and the platform's scoring
/// worker (in an in-process cluster) in the same run, with a short job so the suite stays bounded.
/// The in-process toolchain keeps it to one process: no per-benchmark project is generated and built.
/// </summary>
public sealed class InProcessCase(BenchOptions options, ModelCache models)
{
    private const string Section = "In-process scoring";
    private static readonly ModelSpec[] Specs = [BenchmarkModels.Risk, BenchmarkModels.Tiny];

    public async Task<ResultSection> Run()
    {
        var raw = Specs.ToDictionary(s => s.Name, RawModelFor);
        var singles = new Dictionary<string, ColumnBatch[]>();
        var batches = new Dictionary<(string, int), ColumnBatch>();
        foreach (var spec in Specs)
        {
            var rows = FeatureRow.Sample(spec, BatchSizes.Large);
            singles[spec.Name] = rows.Select(row => ColumnBatches.From([row])).ToArray();
            batches[(spec.Name, BatchSizes.Small)] = ColumnBatches.From(rows.Take(BatchSizes.Small).ToList());
            batches[(spec.Name, BatchSizes.Large)] = ColumnBatches.From(rows);
        }

        try
        {
            // The baseline runs before the silo starts, so neither side pays for the other's background work.
            ScoringFixture.Current = new ScoringFixture(raw, new Dictionary<string, PlatformScorer>(), singles, batches);
            var baseline = Means(BenchmarkRunner.Run<RawScoringBenchmarks>(Config()));
            var engines = await EngineMeans(batches);
            await using var started = await StartPlatform(batches);
            ScoringFixture.Current = ScoringFixture.Current with { Platform = started.Workers };
            var platform = started.Missing is null ? Means(BenchmarkRunner.Run<PlatformScoringBenchmarks>(Config())) : null;
            var results = new List<ResultRow>();
            foreach (var ((model, method), mean) in baseline)
            {
                results.Add(Row(model, method, method, mean));
                if (method == nameof(RawScoringBenchmarks.Single))
                {
                    results.Add(Row(model, nameof(PlatformScoringBenchmarks.SingleThroughGrain), method, mean));
                }
            }

            ResultRow Row(string model, string platformMethod, string baselineMethod, double mean) => new(
                Section, $"{model}, {Describe(platformMethod)}", "µs/call",
                platform?.GetValueOrDefault((model, platformMethod)) is { } m
                    ? Measurement.Of(m) : Measurement.NotAvailable(started.Missing ?? "the benchmark did not complete"),
                Measurement.Of(mean), Better.Lower);
            foreach (var method in new[] { nameof(EngineScoringBenchmarks.Single), nameof(EngineScoringBenchmarks.Batch100), nameof(EngineScoringBenchmarks.Batch1000) })
            {
                results.Add(new ResultRow(
                    Section, $"{EngineRows.Model}, {Describe(method)}, the engine alone: compiled trees vs Mle:Scoring:CompiledTrees=false", "µs/call",
                    Engine(true, method), Engine(false, method), Better.Lower));
            }

            Measurement Engine(bool compiled, string method) =>
                engines.Means?.GetValueOrDefault((compiled, method)) is { } m ? Measurement.Of(m) : Measurement.NotAvailable(engines.Missing ?? "the benchmark did not complete");
            return new ResultSection(
                Section,
                "the raw ML.NET model: a reused PredictionEngine for one row, ITransformer.Transform plus reading every output row for a batch",
                "BenchmarkDotNet, in-process toolchain, mean time per call. Platform: the silo's own composition (MleHost) started in the benchmark process; IModelServing.Score(version, ColumnBatch), the call a gateway request makes once it has read its rows (inline scoring, the default), and for one row also IScoringWorker.Score(ColumnBatch), the grain call an SDK client outside the silo makes.",
                results);
        }
        finally
        {
            ScoringFixture.Current = null;
        }
    }

    /// <summary>
    /// The risk model's engine alone with compiled trees on and off (<see cref="EngineScoringBenchmarks"/>), before the
    /// silo starts; mean microseconds by (compiled, method), or why it could not run.
    /// </summary>
    private async Task<(Dictionary<(bool Compiled, string Method), double>? Means, string? Missing)> EngineMeans(Dictionary<(string, int), ColumnBatch> batches)
    {
        var engines = new Dictionary<bool, Scoring.IScoringEngine>();
        try
        {
            var model = await Scoring.ModelLoader.Load(await File.ReadAllBytesAsync(models.GetOrTrain(BenchmarkModels.Risk)), Registry.ModelFlavor.MlNet);
            engines[true] = model.CreateEngine(new Scoring.ScoringOptions());
            engines[false] = model.CreateEngine(new Scoring.ScoringOptions { CompiledTrees = false });
            foreach (var engine in engines.Values)
            {
                engine.Score(batches[(EngineRows.Model, BatchSizes.Small)]);
            }
        }
        catch (Exception e)
        {
            Console.WriteLine($"[inproc] engines not available: {e}");
            return (null, $"{e.GetType().Name}: {e.Message.Split(Environment.NewLine)[0]}");
        }
        ScoringFixture.Current = ScoringFixture.Current! with { RiskEngines = engines };
        var summary = BenchmarkRunner.Run<EngineScoringBenchmarks>(Config());
        foreach (var engine in engines.Values)
        {
            engine.Dispose();
        }
        return (summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .ToDictionary(
                r => ((bool)r.BenchmarkCase.Parameters[nameof(EngineScoringBenchmarks.CompiledTrees)], r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
                r => r.ResultStatistics!.Mean / 1_000), null);
    }

    private IRawModel RawModelFor(ModelSpec spec)
    {
        var path = models.GetOrTrain(spec);
        var data = FeatureRow.RequestData(spec);
        return spec.Shape switch
        {
            ModelShape.Risk => new RawModel<RiskInput>(path, data.RiskInputs(BatchSizes.Large).ToList(), [BatchSizes.Small, BatchSizes.Large]),
            ModelShape.Tiny => new RawModel<TinyInput>(path, data.TinyInputs(BatchSizes.Large).ToList(), [BatchSizes.Small, BatchSizes.Large]),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Shape, "The in-process case uses the risk and tiny models."),
        };
    }

    private async Task<StartedPlatform> StartPlatform(Dictionary<(string, int), ColumnBatch> batches)
    {
        InProcessPlatform? platform = null;
        try
        {
            platform = await InProcessPlatform.Start(Path.Combine(options.ScratchDirectory, $"inproc-{Environment.ProcessId}-{DateTime.UtcNow:HHmmss}"));
            var workers = new Dictionary<string, PlatformScorer>();
            foreach (var spec in Specs)
            {
                var worker = await platform.Register(spec, models.GetOrTrain(spec));
                await InProcessPlatform.Probe(worker, batches[(spec.Name, BatchSizes.Small)]);
                workers[spec.Name] = worker;
            }
            return new StartedPlatform(platform, workers, null);
        }
        catch (Exception e)
        {
            // Whatever stops the platform from scoring (not implemented yet, failed to start, rejected the
            // model) becomes the "not available" reason in the report: the run goes on with the baseline.
            Console.WriteLine($"[inproc] platform not available: {e}");
            return new StartedPlatform(platform, new Dictionary<string, PlatformScorer>(), $"{e.GetType().Name}: {e.Message.Split(Environment.NewLine)[0]}");
        }
    }

    private IConfig Config() => ManualConfig.CreateEmpty()
        .AddJob(Job.Default
            .WithToolchain(InProcessEmitToolchain.Instance)
            .WithLaunchCount(1)
            .WithWarmupCount(options.Quick ? 2 : 3)
            .WithIterationCount(options.Quick ? 3 : 8)
            .WithIterationTime(TimeInterval.FromMilliseconds(options.Quick ? 100 : 250)))
        .AddColumnProvider(DefaultColumnProviders.Instance)
        .AddLogger(ConsoleLogger.Default)
        .WithArtifactsPath(Path.Combine(options.BenchDirectory, "artifacts", "BenchmarkDotNet"));

    /// <summary>Mean microseconds per call, by (model, method).</summary>
    private static Dictionary<(string Model, string Method), double> Means(Summary summary) =>
        summary.Reports
            .Where(r => r.ResultStatistics is not null)
            .ToDictionary(
                r => ((string)r.BenchmarkCase.Parameters["Model"], r.BenchmarkCase.Descriptor.WorkloadMethod.Name),
                r => r.ResultStatistics!.Mean / 1_000);

    private static string Describe(string method) => method switch
    {
        nameof(RawScoringBenchmarks.Single) => "single row",
        nameof(PlatformScoringBenchmarks.SingleThroughGrain) => "single row, through the grain",
        nameof(RawScoringBenchmarks.Batch100) => "batch of 100",
        nameof(RawScoringBenchmarks.Batch1000) => "batch of 1,000",
        _ => method,
    };

    private sealed record StartedPlatform(InProcessPlatform? Platform, IReadOnlyDictionary<string, PlatformScorer> Workers, string? Missing) : IAsyncDisposable
    {
        public ValueTask DisposeAsync() => Platform?.DisposeAsync() ?? ValueTask.CompletedTask;
    }
}
