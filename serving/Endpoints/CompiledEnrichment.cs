using Mle.Data;
using Mle.Errors;
using Mle.Features;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// An enrichment ready to run: the features' column kinds (float64 for numbers, bool, string), read from the
/// feature set's definition when the spec was compiled.
/// </summary>
internal sealed class CompiledEnrichment(FeatureEnrichment spec, IReadOnlyList<ScalarKind> kinds)
{
    public FeatureEnrichment Spec { get; } = spec;

    public IReadOnlyList<ScalarKind> Kinds { get; } = kinds;

    /// <summary>One lookup for the distinct entities of the rows; the features as columns, missing values by the policy.</summary>
    public async Task<IReadOnlyList<Column>> Columns(Evaluation run, RowFrame frame)
    {
        var column = frame.Find(Spec.Entity);
        var entities = new string?[frame.RowCount];
        for (var row = 0; row < frame.RowCount; row++)
        {
            entities[row] = column is null ? null : ColumnRows.Value(column, row) switch
            {
                null => null,
                string text when text.Length == 0 => null,
                double number => number.ToString("R", System.Globalization.CultureInfo.InvariantCulture),
                var value => value.ToString(),
            };
        }
        var distinct = entities.Where(e => e is not null).Distinct(StringComparer.Ordinal).Cast<string>().ToList();
        var found = new Dictionary<string, FeatureRow>(StringComparer.Ordinal);
        if (distinct.Count > 0)
        {
            var lookup = run.Serving.Features.Lookup(run.Tenant, Spec.FeatureSet, new FeatureLookup(distinct, Spec.Features), run.Cancellation);
            var result = await run.Round.Outside(new ValueTask<FeatureLookupResult>(lookup)).ConfigureAwait(false);
            foreach (var row in result.Rows)
            {
                found[row.Entity] = row;
            }
        }
        var columns = new Column[Spec.Features.Count];
        for (var f = 0; f < columns.Length; f++)
        {
            var values = new object?[frame.RowCount];
            for (var row = 0; row < frame.RowCount; row++)
            {
                // Not a conditional expression: FeatureValue converts implicitly from a null string, to its Null.
                var present = entities[row] is { } entity && found.TryGetValue(entity, out var features)
                    && features.Statuses[f] == FeatureStatus.Present && !features.Values[f].IsNull;
                values[row] = present ? Read(found[entities[row]!].Values[f], Kinds[f]) : Missing(f, entities[row]);
            }
            columns[f] = Kinds[f] switch
            {
                ScalarKind.Boolean => Column.Create(Spec.Features[f], 1, Array.ConvertAll(values, v => (bool)v!)),
                ScalarKind.String => Column.Create(Spec.Features[f], 1, Array.ConvertAll(values, v => (string)v!)),
                _ => Column.Create(Spec.Features[f], 1, Array.ConvertAll(values, v => (double)v!)),
            };
        }
        return columns;
    }

    private object Missing(int feature, string? entity) => Spec.Missing == MissingFeaturePolicy.Fail
        ? throw MleErrors.MissingFeature(Spec.FeatureSet, Spec.Features[feature], entity)
        : Spec.Default!;

    private static object Read(FeatureValue value, ScalarKind kind) => kind switch
    {
        ScalarKind.Boolean => value.Number != 0,
        ScalarKind.String => value.Text ?? value.ToString(),
        _ => value.AsDouble,
    };
}
