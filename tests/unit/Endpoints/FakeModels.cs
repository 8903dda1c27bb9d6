using System.Collections.Concurrent;
using Mle.Data;
using Mle.Errors;
using Mle.Naming;
using Mle.Registry;
using Mle.Schema;
using Mle.Serving;

namespace Mle.Tests.Unit.Endpoints;

/// <summary>
/// Models as plain functions behind the serving seam, counting every score call per version: what the endpoint
/// tests route to and combine.
/// </summary>
internal sealed class FakeModels : IModelServing
{
    private readonly Dictionary<(string Model, int Version), (ModelSchema Schema, Func<ColumnBatch, ColumnBatch> Score)> _models = [];

    public ConcurrentQueue<(string Model, int Version, int Rows)> Calls { get; } = new();

    /// <summary>Inputs A, B (float32); Probability = A (float32), PredictedLabel = A &gt; 0.5.</summary>
    public static readonly ModelSchema TwoInputs = new(
        [ColumnSchema.Scalar("A", ScalarKind.Single), ColumnSchema.Scalar("B", ScalarKind.Single)],
        [ColumnSchema.Scalar("PredictedLabel", ScalarKind.Boolean), ColumnSchema.Scalar("Probability", ScalarKind.Single)]);

    public FakeModels()
    {
        // t@1: Probability = A; t@2: Probability = B; "champion" is 1.
        Add("t", 1, TwoInputs, (a, b) => a);
        Add("t", 2, TwoInputs, (a, b) => b);
        // m@1: Probability = A * B.
        Add("m", 1, TwoInputs, (a, b) => a * b);
        // Reads the score of an earlier chain step: Final = Probability * 10.
        _models[("tenfold", 1)] = (new ModelSchema([ColumnSchema.Scalar("Probability", ScalarKind.Single)], [ColumnSchema.Scalar("Final", ScalarKind.Single)]),
            rows => new ColumnBatch(rows.RowCount, [Column.Create("Final", 1, ((Column<float>)rows["Probability"]).Values.Select(p => p * 10).ToArray())]));
        // Wants A as a string: clashes with t's float A.
        _models[("texty", 1)] = (new ModelSchema([ColumnSchema.Scalar("A", ScalarKind.String)], [ColumnSchema.Scalar("Label", ScalarKind.String)]),
            rows => new ColumnBatch(rows.RowCount, [Column.Create("Label", 1, ((Column<string>)rows["A"]).Values)]));
        // Reads an enriched feature: Probability = amount_avg (as float32).
        _models[("risk", 1)] = (new ModelSchema([ColumnSchema.Scalar("amount_avg", ScalarKind.Single)], [ColumnSchema.Scalar("Probability", ScalarKind.Single)]),
            rows => new ColumnBatch(rows.RowCount, [Column.Create("Probability", 1, ((Column<float>)rows["amount_avg"]).Values)]));
        // Always fails: the injected failure of canary tests.
        _models[("broken", 1)] = (TwoInputs, _ => throw new MleException(ErrorCodes.ScoringFailed, "broken model"));
    }

    private void Add(string model, int version, ModelSchema schema, Func<float, float, float> probability) =>
        _models[(model, version)] = (schema, rows =>
        {
            var a = ((Column<float>)rows["A"]).Values;
            var b = ((Column<float>)rows["B"]).Values;
            var p = a.Zip(b, probability).ToArray();
            return new ColumnBatch(rows.RowCount, [Column.Create("PredictedLabel", 1, p.Select(v => v > 0.5f).ToArray()), Column.Create("Probability", 1, p)]);
        });

    public int CallsTo(string model) => Calls.Count(c => c.Model == model);

    public ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default)
    {
        var version = selector.Number ?? 1;
        if (selector.Alias is { } alias && alias != "champion")
        {
            throw MleErrors.AliasNotFound(model.Model, alias);
        }
        if (!_models.TryGetValue((model.Model, version), out var found))
        {
            throw _models.Keys.Any(k => k.Model == model.Model) ? MleErrors.VersionNotFound(model.Model, selector.ToString()) : MleErrors.ModelNotFound(model.Model);
        }
        return ValueTask.FromResult(new ModelVersionInfo(model.Tenant, model.Model, version, VersionStatus.Ready, null, ModelFlavor.MlNet, null, found.Schema,
            null, new Dictionary<string, double>(), new Dictionary<string, string>(), Lineage.None, false, DateTimeOffset.UnixEpoch, []));
    }

    public ValueTask<ServingSnapshot> Snapshot(ModelRef model, CancellationToken cancellationToken = default) =>
        _models.Keys.Any(k => k.Model == model.Model)
            ? ValueTask.FromResult(new ServingSnapshot(model.Tenant, model.Model, 1, new Dictionary<string, int>(), new Dictionary<int, VersionStatus>(), new HashSet<int>()))
            : ValueTask.FromException<ServingSnapshot>(MleErrors.ModelNotFound(model.Model));

    public Task Refresh(ModelRef model, CancellationToken cancellationToken = default) => Task.CompletedTask;

    public async Task<ColumnBatch> Score(ModelVersionInfo version, ColumnBatch rows, CancellationToken cancellationToken = default)
    {
        Calls.Enqueue((version.Model, version.Version, rows.RowCount));
        await Task.Yield(); // a real score call completes later, on another thread
        return _models[(version.Model, version.Version)].Score(rows);
    }
}
