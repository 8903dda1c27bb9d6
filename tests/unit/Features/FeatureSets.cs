using Mle.Features;

namespace Mle.Tests.Unit.Features;

/// <summary>Feature set definitions the domain tests share.</summary>
internal static class FeatureSets
{
    public static readonly DateTimeOffset Epoch = new(2026, 1, 1, 0, 0, 0, TimeSpan.Zero);

    public static FeatureSetDefinition Define(FeatureSetSpec spec, string name = "card", int version = 1) =>
        new(new FeatureSetInfo("t", name, version, new FeatureSetRules(new FeaturesOptions()).Normalize(name, spec), Epoch, Epoch));

    /// <summary>The example: amount (float) with avg over 10 minutes in 1-second hops.</summary>
    public static FeatureSetSpec Card(TimeSpan? lateness = null, TimeSpan? retention = null, TimeSpan? maxAge = null) => new(
        "cardId",
        [new RawFeature("amount", FeatureType.Float), new RawFeature("merchant", FeatureType.String)],
        [new AggregateFeature("amount_avg_10m", "amount", AggregateFunction.Avg, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1))],
        maxAge, lateness ?? TimeSpan.FromMinutes(1), retention);

    /// <summary>Every function over two windows and two hops, for the brute-force comparisons.</summary>
    public static FeatureSetSpec Everything(TimeSpan lateness, TimeSpan retention, TimeSpan? maxAge = null)
    {
        var aggregates = new List<AggregateFeature>();
        foreach (var (window, hop, suffix) in new[] { (TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1), "1m"), (TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(30), "10m") })
        {
            foreach (var function in Enum.GetValues<AggregateFunction>())
            {
                var feature = function == AggregateFunction.DistinctCount ? "merchant" : "amount";
                aggregates.Add(new AggregateFeature(
                    $"{feature}_{FeatureSetRules.FunctionName(function)}_{suffix}", feature, function, window, hop, function == AggregateFunction.LastN ? 3 : null));
            }
        }
        return new FeatureSetSpec(
            "cardId", [new RawFeature("amount", FeatureType.Float), new RawFeature("merchant", FeatureType.String)], aggregates, maxAge, lateness, retention);
    }

    public static FeatureEvent Event(string id, DateTimeOffset time, double? amount, string? merchant = null, string entity = "c1")
    {
        var values = new Dictionary<string, FeatureValue>();
        if (amount is { } a)
        {
            values["amount"] = a;
        }
        if (merchant is not null)
        {
            values["merchant"] = merchant;
        }
        return new FeatureEvent(id, entity, time, values);
    }
}
