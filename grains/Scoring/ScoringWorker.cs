using System.Diagnostics;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
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
            try
            {
                predictions = lease.Model.Score(rows, options.Value);
            }
            catch (OnnxRuntimeException onnx) when (IsCausedByInput(onnx))
            {
                activity?.SetStatus(ActivityStatusCode.Error, onnx.Message);
                throw new InvalidRequestException(ErrorCodes.InvalidInput,
                    $"Model '{_version.Model}' version {_version.Version} cannot compute on these inputs: {onnx.Message}");
            }
        }
        catch (Exception ex) when (ex is not MleException and not OperationCanceledException)
        {
            // A missing artifact file, a model that no longer loads, an engine fault: the caller gets one stable code.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new MleException(ErrorCodes.ScoringFailed, $"Scoring {input.RowCount} rows with model '{_version.Model}' version {_version.Version} failed: {ex.Message}");
        }
        var tags = new TagList { { "model", _version.ModelRef.Key }, { "flavor", flavor } };
        MleTelemetry.ScoringDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, tags);
        MleTelemetry.RowsScored.Add(input.RowCount, tags);
        return predictions;
    }

    /// <summary>
    /// A model that loaded and inputs that passed schema validation, refused while running: ONNX Runtime says
    /// INVALID_ARGUMENT for shapes and values it cannot take, and FAIL for its checks inside operators (a
    /// MatMul dimension mismatch on a symbolic axis, an index out of range). Both are the request's fault.
    /// Loading errors never get here, and the engine's own faults (EP, runtime, not implemented) stay 500.
    /// The code is only public in the message, which ONNX Runtime starts with <c>[ErrorCode:Name]</c>.
    /// </summary>
    private static bool IsCausedByInput(OnnxRuntimeException onnx) =>
        onnx.Message.StartsWith("[ErrorCode:InvalidArgument]", StringComparison.Ordinal)
        || onnx.Message.StartsWith("[ErrorCode:Fail]", StringComparison.Ordinal);
}
