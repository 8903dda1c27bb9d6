using System.IO.Pipelines;
using System.Text;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Datasets;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Features.TrainingSets;

/// <summary>
/// Builds point-in-time training sets and stores them as datasets, for the REST gateway and the SDK alike. Everything
/// that can refuse a request without reading its rows runs first (the name, a taken name, the features, the feature
/// sets); then rows stream through <see cref="TrainingSetBuilder"/> straight into a staging file of the artifact store
/// (never whole in memory, never on disk twice), and only a complete build is committed and recorded. A failure at
/// any row leaves nothing: the staging file is deleted, no record is written.
/// </summary>
public sealed class TrainingSets(
    IGrainFactory grains, FeatureSetCatalog catalog, IArtifactStore artifacts, IOptions<FeaturesOptions> features,
    IOptions<LimitsOptions> limits, TimeProvider time)
{
    /// <summary>
    /// Builds <paramref name="name"/> from inline rows or a stored dataset (<see cref="TrainingSetRequest.Source"/>).
    /// </summary>
    public async Task<DatasetInfo> Build(string tenant, string name, TrainingSetRequest request, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        var prepared = await Prepare(tenant, name, request.Features, request.TimestampColumn, request.Format).ConfigureAwait(false);
        if (request.Source is { } source)
        {
            if (request.Rows is not null || request.Columns is not null)
            {
                throw MleErrors.InvalidTrainingSet("Give either rows (with columns) or a source dataset, not both.", "source");
            }
            var dataset = await grains.GetGrain<IDatasetGrain>($"{tenant}/{Names.Require("dataset name", source)}").Get().ConfigureAwait(false);
            if (dataset.Format != DatasetInfo.Csv)
            {
                throw MleErrors.InvalidTrainingSet(
                    $"Dataset '{source}' is stored as {dataset.Format}; a training set reads its rows from a CSV dataset.", "source");
            }
            await using var content = await artifacts.Open(new ArtifactRef(dataset.Sha256, dataset.SizeBytes), cancellationToken).ConfigureAwait(false);
            using var text = new StreamReader(content, Encoding.UTF8);
            var input = await TrainingInput.Csv(text, $"dataset:{source}", cancellationToken).ConfigureAwait(false);
            return await Build(prepared, request.IncludeStatus, input, cancellationToken).ConfigureAwait(false);
        }
        var columns = request.Columns ?? throw MleErrors.InvalidTrainingSet(
            "The request needs rows with their columns, or a source dataset: {\"columns\": [\"cardId\", \"timestamp\", \"label\"], \"rows\": [[\"c1\", \"2026-01-01T00:00:00Z\", \"1\"]]}.", "rows");
        var rows = request.Rows ?? throw MleErrors.InvalidTrainingSet("The request has columns but no rows.", "rows");
        if (rows.Count > limits.Value.MaxTrainingSetRows)
        {
            throw MleErrors.TrainingSetTooLarge("rows", limits.Value.MaxTrainingSetRows, nameof(LimitsOptions.MaxTrainingSetRows));
        }
        for (var i = 0; i < rows.Count; i++)
        {
            if (rows[i] is null)
            {
                throw MleErrors.InvalidTrainingSet($"rows[{i}] is null.", $"rows[{i}]");
            }
        }
        return await Build(prepared, request.IncludeStatus, TrainingInput.Of(columns, rows, "json"), cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Checks what can be checked before the rows are read (so a CSV upload is refused before its body is): a valid,
    /// free name, features written <c>set:feature</c> of existing feature sets, a known format (null is <c>csv</c>).
    /// </summary>
    public async Task<PreparedTrainingSet> Prepare(string tenant, string name, IReadOnlyList<string>? requested, string? timestampColumn, string? format = null)
    {
        Names.Require("dataset name", name);
        var storedAs = TrainingSetFormat.Parse(format);
        if (requested is null || requested.Count == 0)
        {
            throw MleErrors.InvalidTrainingSet("A training set needs at least one feature: \"features\": [\"card:amount\"].", "features");
        }
        var parsed = requested.Select((f, i) => TrainingFeature.Parse(f, $"features[{i}]")).ToList();
        if (string.IsNullOrEmpty(timestampColumn))
        {
            throw MleErrors.InvalidTrainingSet("The timestamp column cannot be empty.", "timestampColumn");
        }
        if (await grains.GetGrain<IDatasetGrain>($"{tenant}/{name}").Find().ConfigureAwait(false) is not null)
        {
            throw MleErrors.DatasetAlreadyExists(name);
        }
        var definitions = new Dictionary<string, FeatureSetDefinition>(StringComparer.Ordinal);
        foreach (var set in parsed.Select(f => f.Set).Distinct())
        {
            var reference = FeatureSetRef.Create(tenant, set);
            var definition = await catalog.Get(reference).ConfigureAwait(false);
            if (parsed.Any(f => f.Set == set && !definition.Declares(f.Feature)))
            {
                // Perhaps the set just evolved through another silo.
                definition = await catalog.Refresh(reference).ConfigureAwait(false);
            }
            definitions[set] = definition;
        }
        return new PreparedTrainingSet(tenant, name, parsed, definitions, timestampColumn, storedAs);
    }

    /// <summary>Builds a prepared training set from <paramref name="input"/>, stores and records it.</summary>
    public async Task<DatasetInfo> Build(PreparedTrainingSet prepared, bool includeStatus, TrainingInput input, CancellationToken cancellationToken)
    {
        var plan = TrainingSetPlan.Create(prepared.Features, prepared.Definitions, input.Columns, prepared.TimestampColumn, includeStatus);
        var builder = new TrainingSetBuilder(new EntityGrainHistory(grains), features.Value, limits.Value.MaxTrainingSetRows, time);
        var (staged, summary) = await Stage(builder, plan, input, prepared.Format, cancellationToken).ConfigureAwait(false);
        await using (staged)
        {
            var key = $"{prepared.Tenant}/{prepared.Name}";
            var references = grains.GetGrain<IArtifactReferencesGrain>(staged.Sha256);
            // As the registry does: claimed before stored, referenced before recorded, unreferenced again if the record fails.
            await references.Claim(await artifacts.Exists(staged.Sha256, cancellationToken).ConfigureAwait(false)).ConfigureAwait(false);
            var artifact = await staged.Commit(cancellationToken).ConfigureAwait(false);
            var holder = $"dataset:{key}";
            await references.Add(holder).ConfigureAwait(false);
            var dataset = new DatasetInfo(
                prepared.Tenant, prepared.Name, time.GetUtcNow(), summary.Rows, summary.Columns, prepared.Format, artifact.Sha256, artifact.SizeBytes,
                [.. plan.Sets.Select(s => new DatasetSource(s.Definition.Ref.Name, s.Definition.Version))],
                new TrainingSetDescription([.. prepared.Features.Select(f => f.ToString())], includeStatus, prepared.TimestampColumn, input.Description));
            var record = grains.GetGrain<IDatasetGrain>(key);
            try
            {
                return await record.Create(dataset).ConfigureAwait(false);
            }
            catch
            {
                // A concurrent build of the same name and the same bytes holds the same reference: it stays.
                if ((await record.Find().ConfigureAwait(false))?.Sha256 != artifact.Sha256)
                {
                    await references.Remove(holder).ConfigureAwait(false);
                }
                throw;
            }
        }
    }

    /// <summary>
    /// Runs the build into a pipe that the store's staging reads from: the CSV or Parquet reaches the staging file as
    /// it is written, with the pipe's back-pressure holding the builder when the disk is slower.
    /// </summary>
    private async Task<(IStagedArtifact Staged, TrainingSetSummary Summary)> Stage(
        TrainingSetBuilder builder, TrainingSetPlan plan, TrainingInput input, string format, CancellationToken cancellationToken)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 4 * 1024 * 1024, resumeWriterThreshold: 2 * 1024 * 1024, useSynchronizationContext: false));
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        // Off the caller's scheduler (a grain's, for the SDK): the build awaits many grain calls and the staging the disk.
        var build = Task.Run(async () =>
        {
            try
            {
                await using var output = pipe.Writer.AsStream();
                ITrainingSetOutput rows = format == DatasetInfo.Parquet ? new ParquetTrainingSetOutput(plan, output) : new CsvTrainingSetOutput(plan, output);
                var summary = await builder.Build(plan, input, rows, stop.Token).ConfigureAwait(false);
                await pipe.Writer.CompleteAsync().ConfigureAwait(false);
                return summary;
            }
            catch (Exception error)
            {
                await pipe.Writer.CompleteAsync(error).ConfigureAwait(false);
                throw;
            }
        }, CancellationToken.None);
        IStagedArtifact staged;
        try
        {
            await using var reader = pipe.Reader.AsStream();
            staged = await Task.Run(() => artifacts.Stage(reader, limits.Value.MaxDatasetBytes, stop.Token), CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception stageError)
        {
            await stop.CancelAsync().ConfigureAwait(false);
            Exception? buildError = null;
            try
            {
                await build.ConfigureAwait(false);
            }
            catch (Exception error)
            {
                buildError = error;
            }
            // A bad row fails the build, and the staging then fails with it through the pipe: the row's error is the answer.
            if (buildError is MleException)
            {
                System.Runtime.ExceptionServices.ExceptionDispatchInfo.Throw(buildError);
            }
            if (stageError is InvalidArtifactException { Code: ErrorCodes.ArtifactTooLarge })
            {
                throw MleErrors.TrainingSetTooLarge("bytes", limits.Value.MaxDatasetBytes, nameof(LimitsOptions.MaxDatasetBytes));
            }
            throw;
        }
        try
        {
            return (staged, await build.ConfigureAwait(false));
        }
        catch
        {
            await staged.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }
}
