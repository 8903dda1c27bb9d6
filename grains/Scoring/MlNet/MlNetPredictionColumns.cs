using Microsoft.ML;

namespace Mle.Scoring.MlNet;

/// <summary>
/// Decides which columns a fitted ML.NET pipeline adds are "the prediction".
/// The rule: take the visible columns the pipeline adds (not hidden, not named like an input). When any of
/// the standard prediction columns is among them (PredictedLabel, Score, Probability), keep only those: the
/// rest are intermediate features (Features, tokens, one-hot slots) a caller did not ask for. Otherwise keep
/// every added column except <c>Features</c>, so custom pipelines (clustering, a bare transform) still answer.
/// Columns of types we cannot return (variable-size vectors, dates, ...) are left out.
/// </summary>
internal static class MlNetPredictionColumns
{
    private const string FeaturesColumn = "Features";

    private static readonly string[] Standard = ["PredictedLabel", "Score", "Probability"];

    public static IReadOnlyList<(DataViewSchema.Column Column, MlNetColumnType Type)> Select(DataViewSchema inputSchema, DataViewSchema outputSchema)
    {
        var added = outputSchema
            .Where(c => !c.IsHidden && inputSchema.GetColumnOrNull(c.Name) is null)
            .ToList();
        var standard = added.Where(c => Standard.Contains(c.Name, StringComparer.Ordinal)).ToList();
        var chosen = standard.Count > 0 ? standard : added.Where(c => c.Name != FeaturesColumn).ToList();
        return chosen
            .Select(c => (Column: c, Type: MlNetColumnType.Of(c, showKeyValues: true)))
            .Where(c => c.Type is { Width: > 0 })
            .Select(c => (c.Column, c.Type!))
            .ToList();
    }
}
