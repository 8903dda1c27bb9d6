using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Errors;
using Mle.Registry;
using Mle.Schema;
using Mle.Scoring.MlNet.Trees;

namespace Mle.Scoring.MlNet;

/// <summary>
/// A loaded ML.NET model: the fitted transformer, the input schema it was saved with, and the columns that
/// make up a prediction. Shared across threads: <c>Transform</c> and <c>GetRowToRowMapper</c> are safe to call
/// concurrently; each engine builds its own mapper and cursors.
/// </summary>
public sealed class MlNetModel : LoadedModel
{
    private MlNetModel(ITransformer transformer, DataViewSchema inputSchema, IReadOnlyList<(string Name, MlNetColumnType Type)> outputs, ModelSchema schema)
        : base(schema)
    {
        Transformer = transformer;
        InputSchema = inputSchema;
        Outputs = outputs;
        CompiledTrees = CompiledTreeModel.TryCompile(transformer, inputSchema, outputs, out var reason);
        CompiledTreesUnavailable = CompiledTrees is null ? reason : null;
    }

    public override ModelFlavor Flavor => ModelFlavor.MlNet;

    internal ITransformer Transformer { get; }

    internal DataViewSchema InputSchema { get; }

    internal IReadOnlyList<(string Name, MlNetColumnType Type)> Outputs { get; }

    /// <summary>The model's tree ensemble predictor compiled (see <see cref="CompiledTreeModel"/>), or null.</summary>
    internal CompiledTreeModel? CompiledTrees { get; }

    /// <summary>Why the model has no <see cref="CompiledTrees"/> (null when it has).</summary>
    internal string? CompiledTreesUnavailable { get; }

    public override IScoringEngine CreateEngine(ScoringOptions options) =>
        options.CompiledTrees && CompiledTrees is { } trees
            ? new CompiledTreeEngine(trees, InputSchema)
            : new MlNetScoringEngine(this, options.BulkThresholdRows, options.AdaptiveBulkPath ? new BatchPathChooser() : null);

    /// <summary>Loads a model zip; anything that is not one throws <see cref="InvalidArtifactException"/>.</summary>
    public static MlNetModel Load(Stream content)
    {
        ITransformer transformer;
        DataViewSchema? inputSchema;
        try
        {
            (transformer, inputSchema) = SharedMlContexts.Load(ml => (ml.Model.Load(content, out var schema), schema));
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw MleErrors.InvalidArtifact($"The artifact is not a loadable ML.NET model: {ex.Message}");
        }
        if (inputSchema is null)
        {
            throw MleErrors.InvalidArtifact("The ML.NET model was saved without its input schema; save it with mlContext.Model.Save(model, data.Schema, path).");
        }

        IRowToRowMapper mapper;
        try
        {
            mapper = transformer.GetRowToRowMapper(inputSchema);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            throw MleErrors.InvalidArtifact($"The ML.NET model cannot score one row at a time: {ex.Message}");
        }

        var outputs = MlNetPredictionColumns.Select(inputSchema, mapper.OutputSchema);
        if (outputs.Count == 0)
        {
            throw MleErrors.InvalidArtifact("The ML.NET model produces no output column of a type that can be served.");
        }
        var inputs = RequiredInputs(mapper, outputs.Select(o => o.Column));
        var schema = new ModelSchema(
            [.. inputs.Select(c => c.Type.ToSchema(c.Column.Name))],
            [.. outputs.Select(o => o.Type.ToSchema(o.Column.Name))]);
        return new MlNetModel(transformer, inputSchema, [.. outputs.Select(o => (o.Column.Name, o.Type))], schema);
    }

    /// <summary>
    /// The saved input columns the prediction actually reads. A training pipeline's input schema also holds the
    /// label (and anything else the training data had); asking callers for those would be wrong.
    /// </summary>
    private static List<(DataViewSchema.Column Column, MlNetColumnType Type)> RequiredInputs(
        IRowToRowMapper mapper, IEnumerable<DataViewSchema.Column> outputs)
    {
        var required = new List<(DataViewSchema.Column, MlNetColumnType)>();
        foreach (var column in mapper.GetDependencies(outputs).Where(c => !c.IsHidden).OrderBy(c => c.Index))
        {
            var type = MlNetColumnType.Of(column, showKeyValues: false)
                ?? throw MleErrors.InvalidArtifact($"Input column '{column.Name}' has type {column.Type}, which cannot be served; use float, double, int, long, uint, bool, text or fixed-size vectors of them.");
            required.Add((column, type));
        }
        return required;
    }

    protected override void Free() => (Transformer as IDisposable)?.Dispose();
}
