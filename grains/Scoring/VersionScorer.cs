using System.Diagnostics;
using System.Globalization;
using System.Runtime.CompilerServices;
using Microsoft.Extensions.Options;
using Microsoft.ML.OnnxRuntime;
using Mle.Data;
using Mle.Errors;
using Mle.Registry;
using Mle.Telemetry;

namespace Mle.Scoring;

/// <summary>
/// Scores rows with one resolved model version in this silo: schema validation, the model from the silo's shared
/// cache (held only for the call), the <c>mle.score</c> activity, the scoring metrics and the mapping of failures to
/// stable codes. The <see cref="ScoringWorker"/> grain runs it, and so does the serving seam when it scores inline
/// (<see cref="InlineScoringDispatch"/>): both paths behave the same because they are the same code.
/// </summary>
public sealed class VersionScorer(LoadedModelCache models, SchemaValidator validator, IOptions<ScoringOptions> options)
{
    /// <summary>Scores <paramref name="input"/> with <paramref name="info"/>, which must be a Ready version.</summary>
    public async Task<ColumnBatch> Score(ModelVersionInfo info, ColumnBatch input)
    {
        using var activity = MleTelemetry.ActivitySource.StartActivity("mle.score");
        activity?.SetTag("mle.model", VersionKey(info));
        activity?.SetTag("mle.rows", input.RowCount);

        if (info.Schema is not { } schema || info.Artifact is not { } artifact)
        {
            throw MleErrors.VersionNotReady(info.Model, info.Version, info.Status.ToString());
        }
        var rows = validator.Validate(input, schema);
        var flavor = info.Flavor.ToWireName();
        activity?.SetTag("mle.flavor", flavor);

        var started = Stopwatch.GetTimestamp();
        ColumnBatch predictions;
        try
        {
            using var lease = models.TryAcquireLoaded(artifact) ?? await models.Acquire(artifact, info.Flavor).ConfigureAwait(false);
            try
            {
                predictions = lease.Model.Score(rows, options.Value);
            }
            catch (OnnxRuntimeException onnx) when (IsCausedByInput(onnx))
            {
                activity?.SetStatus(ActivityStatusCode.Error, onnx.Message);
                throw new InvalidRequestException(ErrorCodes.InvalidInput,
                    $"Model '{info.Model}' version {info.Version} cannot compute on these inputs: {onnx.Message}");
            }
        }
        catch (Exception ex) when (ex is not MleException and not OperationCanceledException)
        {
            // A missing artifact file, a model that no longer loads, an engine fault: the caller gets one stable code.
            activity?.SetStatus(ActivityStatusCode.Error, ex.Message);
            throw new MleException(ErrorCodes.ScoringFailed, $"Scoring {input.RowCount} rows with model '{info.Model}' version {info.Version} failed: {ex.Message}");
        }
        var counted = Counted(info, flavor);
        MleTelemetry.ScoringDuration.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds, new TagList { { "model", counted.Model }, { "flavor", flavor } });
        counted.Rows.Add(input.RowCount);
        return predictions;
    }

    private static string VersionKey(ModelVersionInfo info) =>
        string.Create(CultureInfo.InvariantCulture, $"{info.Tenant}/{info.Model}/{info.Version}");

    // A version's metric tag and its rows tally, found once per resolved version (the catalog hands out the same info
    // on every request) instead of a string concatenated and a tally looked up on every call.
    private static readonly ConditionalWeakTable<ModelVersionInfo, CountedModel> Counters = [];

    private static CountedModel Counted(ModelVersionInfo info, string flavor) =>
        Counters.GetValue(info, static i =>
        {
            var model = string.Concat(i.Tenant, "/", i.Model);
            return new CountedModel(model, MleTelemetry.RowsScored.For(model, i.Flavor.ToWireName()));
        });

    private sealed record CountedModel(string Model, ScoredRows.Tally Rows);

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
