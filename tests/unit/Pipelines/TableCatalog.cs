using Mle.Naming;
using Mle.Pipelines;
using Mle.Schema;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>The feature sets and models of the pipeline tests, as a table: what the pipeline grain will read from the platform.</summary>
internal sealed class TableCatalog : IPipelineCatalog
{
    public static ModelSchema Tiny { get; } = new(
        [ColumnSchema.Scalar("A", ScalarKind.Single), ColumnSchema.Scalar("B", ScalarKind.Single)],
        [ColumnSchema.Scalar("PredictedLabel", ScalarKind.Boolean), ColumnSchema.Scalar("Probability", ScalarKind.Single), ColumnSchema.Scalar("Score", ScalarKind.Single)]);

    /// <summary>A model that reads an enriched feature and a computed one besides the event's values.</summary>
    public static ModelSchema Risk { get; } = new(
        [ColumnSchema.Scalar("A", ScalarKind.Single), ColumnSchema.Scalar("C", ScalarKind.Single), ColumnSchema.Scalar("amount_avg_10m", ScalarKind.Double)],
        [ColumnSchema.Scalar("Score", ScalarKind.Single)]);

    public static ModelSchema Labeller { get; } = new(
        [ColumnSchema.Scalar("A", ScalarKind.String)],
        [ColumnSchema.Scalar("Label", ScalarKind.String)]);

    public static PipelineFeatureSet Card { get; } = new("card", "cardId",
        FieldSchema.Of(("amount_avg_10m", FieldType.Number), ("txn_count_1h", FieldType.Number)));

    public List<string> Lookups { get; } = [];

    public ValueTask<PipelineFeatureSet?> FindFeatureSet(string tenant, string featureSet, CancellationToken cancellationToken = default)
    {
        Lookups.Add($"{tenant}/featureset/{featureSet}");
        return ValueTask.FromResult(featureSet == "card" ? Card : null);
    }

    public ValueTask<ModelSchema?> FindModel(string tenant, string model, VersionSelector version, CancellationToken cancellationToken = default)
    {
        Lookups.Add($"{tenant}/model/{model}@{version}");
        var schema = (model, version.ToString()) switch
        {
            ("tiny", "champion" or "1" or "default") => Tiny,
            ("risk", _) => Risk,
            ("labeller", _) => Labeller,
            _ => null,
        };
        return ValueTask.FromResult(schema);
    }
}
