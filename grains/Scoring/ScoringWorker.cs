using System.Diagnostics;
using Microsoft.Extensions.Options;
using Mle.Data;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Serving;
using Mle.Telemetry;

namespace Mle.Scoring;

/// <summary>
/// Scores one model version in the calling silo. The model and its engines come from the silo's shared cache and
/// are held only for the call: an idle activation keeps nothing loaded.
/// </summary>
[StatelessWorker]
public sealed class ScoringWorker(IModelCatalog catalog, LoadedModelCache models, SchemaValidator validator, IOptions<ScoringOptions> options)
    : Grain, IScoringWorker
{
    private ModelVersionRef _version;
    private ModelVersionInfo? _info;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        _version = ModelVersionRef.ParseKey(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task<ColumnBatch> Score(ColumnBatch input)
    {
        using var activity = MleTelemetry.ActivitySource.StartActivity("mle.score");
        activity?.SetTag("mle.model", _version.Key);
        activity?.SetTag("mle.rows", input.RowCount);

        // A Ready version never changes and this worker serves exactly one, so it is resolved once per activation.
        var info = _info ??= await catalog.Resolve(_version.ModelRef, VersionSelector.ForVersion(_version.Version));
        if (info.Schema is not { } schema || info.Artifact is not { } artifact)
        {
            throw MleErrors.VersionNotReady(_version.Model, _version.Version, info.Status.ToString());
        }
        var rows = validator.Validate(input, schema);
        var flavor = info.Flavor.ToWireName();
        activity?.SetTag("mle.flavor", flavor);

        var started = Stopwatch.GetTimestamp();
        ColumnBatch predictions;
        try
        {
            using var lease = await models.Acquire(artifact, info.Flavor);
            predictions = lease.Model.Score(rows, options.Value);
        }
        catch (Exception ex) when (ex is not MleException and not OperationCanceledException)
        {
            // A missing artifact file or a model failing on these rows: the caller gets one stable code.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new MleException(ErrorCodes.ScoringFailed, $"Scoring {input.RowCount} rows with model '{_version.Model}' version {_version.Version} failed: {ex.Message}");
        }
        var tags = new TagList { { "model", _version.ModelRef.Key }, { "flavor", flavor } };
        MleTelemetry.ScoringDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        MleTelemetry.RowsScored.Add(input.RowCount, tags);
        return predictions;
    }
}
