using Mle.Bench.Models;

namespace Mle.Bench.Requests;

/// <summary>
/// One input row as ordered (column, value) pairs, where a value is a float, a float vector or a string.
/// Every wire format (the peer's JSON, /api/v1 rows, KServe V2 tensors, a <c>ColumnBatch</c>) is built from it,
/// so all of them carry exactly the same data.
/// </summary>
public sealed record FeatureRow(IReadOnlyList<KeyValuePair<string, object>> Values)
{
    public static FeatureRow From(TinyInput row) =>
        new([new(nameof(TinyInput.X), row.X), new(nameof(TinyInput.Y), row.Y)]);

    public static FeatureRow From(RiskInput row)
    {
        List<KeyValuePair<string, object>> values =
        [
            new(nameof(RiskInput.Numeric), row.Numeric),
            new(nameof(RiskInput.Region), row.Region),
            new(nameof(RiskInput.Channel), row.Channel),
            new(nameof(RiskInput.Product), row.Product),
            new(nameof(RiskInput.Device), row.Device),
            new(nameof(RiskInput.Segment), row.Segment),
        ];
        if (row is MerchantRiskInput merchant)
        {
            values.Add(new(nameof(MerchantRiskInput.Merchant), merchant.Merchant));
        }
        return new FeatureRow(values);
    }

    /// <summary>Scoring rows come from a seed other than the training seed, so the model has not seen them.</summary>
    public static SyntheticData RequestData(ModelSpec spec) => new(spec.Seed + 7919);

    /// <summary>Deterministic scoring rows for a model: the same rows every run and for every target.</summary>
    public static IReadOnlyList<FeatureRow> Sample(ModelSpec spec, int count)
    {
        var data = RequestData(spec);
        return spec.Shape switch
        {
            ModelShape.Tiny => data.TinyInputs(count).Select(From).ToList(),
            ModelShape.Risk => data.RiskInputs(count).Select(From).ToList(),
            // The table is regenerated from the training seed, so requests name merchants the model knows.
            ModelShape.MerchantRisk => data.MerchantRiskInputs(count, new SyntheticData(spec.Seed).Merchants(spec.Merchants)).Select(From).ToList(),
            _ => throw new ArgumentOutOfRangeException(nameof(spec), spec.Shape, "Unknown model shape."),
        };
    }
}
