// The benchmark harness: trains the benchmark models (cached under bench/artifacts/models), runs each
// case beside its baseline, and writes bench/results.md and bench/results.csv.
//   dotnet run -c Release --project bench -- [--all | --case inproc,http,cost,wrk,upload,cold,storage,expr,fmlookup,fmsdk,fmingest,fmscale,pipeline,endpoint] [--quick]
using Mle.Bench;
using Mle.Bench.Cases;
using Mle.Bench.Models;
using Mle.Bench.Reporting;

if (args is [RawMemoryProbe.Option, var modelList])
{
    return RawMemoryProbe.Run(modelList);
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (ArgumentException e)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

var machine = MachineDescription.Current();
var started = Stopwatch.StartNew();
var models = new ModelCache(options.ModelDirectory);
Console.WriteLine($"Orleans.Mle benchmarks, {options.Mode} mode, cases: {string.Join(", ", options.Cases)}; models in {models.Directory}");

var sections = new List<ResultSection>();
if (options.Runs(BenchOptions.InProcessCase))
{
    sections.Add(await new InProcessCase(options, models).Run());
}
if (options.Runs(BenchOptions.HttpCase))
{
    sections.Add(await new HttpCase(options, models).Run());
}
if (options.Runs(BenchOptions.CostCase))
{
    sections.Add(await new CostCase(options, models).Run());
}
if (options.Runs(BenchOptions.WrkCase))
{
    sections.Add(await new WrkCase(options, models).Run());
}
if (options.Runs(BenchOptions.UploadCase))
{
    sections.Add(await new UploadCase(options, models).Run());
}
if (options.Runs(BenchOptions.ColdCase))
{
    sections.Add(await new ColdLoadCase(options, models).Run());
}
if (options.Runs(BenchOptions.StorageCase))
{
    sections.Add(await new GroupCommitCase(options).Run());
}

if (options.Runs(BenchOptions.ExpressionCase))
{
    sections.Add(await new ExpressionCase(options).Run());
}
if (options.Runs(BenchOptions.FeatureLookupCase))
{
    sections.Add(await new FeatureLookupCase(options).Run());
}
if (options.Runs(BenchOptions.FeatureSdkCase))
{
    sections.Add(await new FeatureSdkCase(options).Run());
}
if (options.Runs(BenchOptions.FeatureIngestCase))
{
    sections.Add(await new FeatureIngestCase(options).Run());
}
if (options.Runs(BenchOptions.FeatureScaleCase))
{
    sections.Add(await new FeatureScaleCase(options).Run());
}
if (options.Runs(BenchOptions.PipelineCase))
{
    sections.Add(await new PipelineCase(options, models).Run());
}
if (options.Runs(BenchOptions.EndpointCase))
{
    sections.Add(await new EndpointCase(options, models).Run());
}

ResultsWriter.Write(options.BenchDirectory, machine, options.Mode, started.Elapsed, sections);
// The silos' data directories are only needed while they run; the trained models stay cached.
if (Directory.Exists(options.ScratchDirectory))
{
    Directory.Delete(options.ScratchDirectory, recursive: true);
}
Console.WriteLine($"Wrote {Path.Combine(options.BenchDirectory, "results.md")} and results.csv in {started.Elapsed.TotalMinutes:0.0} minutes.");
return 0;
