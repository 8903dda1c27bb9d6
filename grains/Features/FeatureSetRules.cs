using Mle.Errors;
using Mle.Naming;

namespace Mle.Features;

/// <summary>
/// The rules a feature set definition must follow, checked before it is stored; <see cref="Normalize"/> returns the
/// spec with its defaults filled in (retention one hour, source the set's own name), or throws
/// <c>invalid_feature_set</c> with the offending field as <c>target</c> (<c>aggregates[2].window</c>).
/// </summary>
public sealed class FeatureSetRules(FeaturesOptions options, int maxDescriptionLength = 4096)
{
    /// <summary>The retention of a set that does not say: how far back <c>asOf</c> reads reach.</summary>
    public static readonly TimeSpan DefaultRetention = TimeSpan.FromHours(1);

    private static readonly HashSet<AggregateFunction> Numeric =
        [AggregateFunction.Sum, AggregateFunction.Avg, AggregateFunction.Min, AggregateFunction.Max, AggregateFunction.StdDev];

    public FeatureSetSpec Normalize(string name, FeatureSetSpec? spec)
    {
        if (spec is null)
        {
            throw MleErrors.InvalidFeatureSet("The feature set needs a definition.", "body");
        }
        if (!Names.IsValid(spec.EntityKey))
        {
            throw MleErrors.InvalidFeatureSet($"The entity key '{spec.EntityKey}' is not a valid name: use 1-128 letters, digits, '.', '_' or '-'.", "entityKey");
        }
        var features = spec.Features ?? [];
        var aggregates = spec.Aggregates ?? [];
        if (features.Count == 0)
        {
            throw MleErrors.InvalidFeatureSet("A feature set needs at least one raw feature (aggregates are computed from raw features).", "features");
        }
        if (features.Count + aggregates.Count > options.MaxFeaturesPerSet)
        {
            throw MleErrors.InvalidFeatureSet(
                $"The feature set declares {features.Count + aggregates.Count} features; the limit is {options.MaxFeaturesPerSet} (Mle:Features:MaxFeaturesPerSet).", "features");
        }
        if (spec.Description is { } description && description.Length > maxDescriptionLength)
        {
            throw MleErrors.InvalidFeatureSet($"The description is {description.Length} characters; the limit is {maxDescriptionLength}.", "description");
        }
        Positive(spec.MaxAge, "maxAge");
        var retention = spec.Retention ?? DefaultRetention;
        if (retention <= TimeSpan.Zero)
        {
            throw MleErrors.InvalidFeatureSet("retention must be positive.", "retention");
        }
        if (spec.AllowedLateness < TimeSpan.Zero || spec.AllowedLateness > retention)
        {
            throw MleErrors.InvalidFeatureSet(
                $"allowedLateness must be between 0 and the retention ({Durations.Format(retention)}); it is {Durations.Format(spec.AllowedLateness)}.", "allowedLateness");
        }
        if (spec.Source is not null && spec.Source != name)
        {
            throw MleErrors.InvalidFeatureSet(
                $"The source stream of feature set '{name}' is the events stream '{{tenant}}/{name}'; another source ('{spec.Source}') is not supported.", "source");
        }

        var names = new HashSet<string>(StringComparer.Ordinal);
        var raw = new Dictionary<string, RawFeature>(StringComparer.Ordinal);
        for (var i = 0; i < features.Count; i++)
        {
            var target = $"features[{i}]";
            var feature = features[i] ?? throw MleErrors.InvalidFeatureSet("A feature cannot be null.", target);
            RequireName(feature.Name, names, target);
            if (!Enum.IsDefined(feature.Type))
            {
                throw MleErrors.InvalidFeatureSet($"Feature '{feature.Name}' has no valid type: use float, int, bool or string.", target + ".type");
            }
            Positive(feature.MaxAge, target + ".maxAge");
            raw[feature.Name] = feature;
        }

        var normalized = new List<AggregateFeature>(aggregates.Count);
        for (var i = 0; i < aggregates.Count; i++)
        {
            var target = $"aggregates[{i}]";
            var aggregate = aggregates[i] ?? throw MleErrors.InvalidFeatureSet("An aggregate cannot be null.", target);
            RequireName(aggregate.Name, names, target + ".name");
            if (aggregate.Feature is null || !raw.TryGetValue(aggregate.Feature, out var source))
            {
                throw MleErrors.InvalidFeatureSet(
                    $"Aggregate '{aggregate.Name}' is over '{aggregate.Feature}', which is not a raw feature of the set.", target + ".feature");
            }
            if (!Enum.IsDefined(aggregate.Function))
            {
                throw MleErrors.InvalidFeatureSet($"Aggregate '{aggregate.Name}' has no valid function.", target + ".function");
            }
            if (Numeric.Contains(aggregate.Function) && source.Type is not (FeatureType.Float or FeatureType.Int))
            {
                throw MleErrors.InvalidFeatureSet(
                    $"Aggregate '{aggregate.Name}' ({FunctionName(aggregate.Function)}) needs a numeric feature; '{source.Name}' is {TypeName(source.Type)}.", target + ".function");
            }
            if (aggregate.Hop < TimeSpan.FromMilliseconds(1))
            {
                throw MleErrors.InvalidFeatureSet($"Aggregate '{aggregate.Name}' needs a hop of at least 1ms.", target + ".hop");
            }
            if (aggregate.Window <= TimeSpan.Zero || aggregate.Window.Ticks % aggregate.Hop.Ticks != 0)
            {
                throw MleErrors.InvalidFeatureSet(
                    $"The window of aggregate '{aggregate.Name}' ({Durations.Format(aggregate.Window)}) must be a positive whole number of hops ({Durations.Format(aggregate.Hop)}).",
                    target + ".window");
            }
            var tiles = (retention.Ticks + aggregate.Window.Ticks) / aggregate.Hop.Ticks;
            if (tiles > options.MaxTilesPerAggregate)
            {
                throw MleErrors.InvalidFeatureSet(
                    $"Aggregate '{aggregate.Name}' would keep {tiles} tiles per entity ((retention + window) / hop); the limit is {options.MaxTilesPerAggregate} " +
                    "(Mle:Features:MaxTilesPerAggregate). Use a longer hop or a shorter retention.", target + ".hop");
            }
            int? n = null;
            if (aggregate.Function == AggregateFunction.LastN)
            {
                if (aggregate.N is not { } count || count < 1 || count > options.MaxLastN)
                {
                    throw MleErrors.InvalidFeatureSet(
                        $"Aggregate '{aggregate.Name}' (last_n) needs n between 1 and {options.MaxLastN} (Mle:Features:MaxLastN).", target + ".n");
                }
                n = count;
            }
            Positive(aggregate.MaxAge, target + ".maxAge");
            normalized.Add(aggregate with { N = n });
        }

        return spec with { Features = [.. features], Aggregates = normalized, Retention = retention, Source = name };
    }

    /// <summary>Whether two normalized specs say the same thing (records compare their lists by reference).</summary>
    public static bool Same(FeatureSetSpec a, FeatureSetSpec b) =>
        a with { Features = [], Aggregates = [] } == b with { Features = [], Aggregates = [] }
        && a.Features.SequenceEqual(b.Features) && a.Aggregates.SequenceEqual(b.Aggregates);

    /// <summary>The wire name of a type: <c>float</c>, <c>int</c>, <c>bool</c>, <c>string</c>.</summary>
    public static string TypeName(FeatureType type) => type.ToString().ToLowerInvariant();

    /// <summary>The wire name of a function: <c>avg</c>, <c>distinct_count</c>, <c>last_n</c>, ...</summary>
    public static string FunctionName(AggregateFunction function) => function switch
    {
        AggregateFunction.DistinctCount => "distinct_count",
        AggregateFunction.LastN => "last_n",
        _ => function.ToString().ToLowerInvariant(),
    };

    public static bool TryParseType(string? name, out FeatureType type)
    {
        type = default;
        var found = Enum.GetValues<FeatureType>().Where(t => TypeName(t) == name?.ToLowerInvariant()).ToList();
        if (found.Count == 1)
        {
            type = found[0];
            return true;
        }
        return false;
    }

    public static bool TryParseFunction(string? name, out AggregateFunction function)
    {
        function = default;
        var found = Enum.GetValues<AggregateFunction>().Where(f => FunctionName(f) == name?.ToLowerInvariant()).ToList();
        if (found.Count == 1)
        {
            function = found[0];
            return true;
        }
        return false;
    }

    private static void RequireName(string? name, HashSet<string> names, string target)
    {
        if (!Names.IsValid(name))
        {
            throw MleErrors.InvalidFeatureSet($"'{name}' is not a valid feature name: use 1-128 letters, digits, '.', '_' or '-', starting with a letter or digit.", target);
        }
        if (!names.Add(name!))
        {
            throw MleErrors.InvalidFeatureSet($"The feature name '{name}' is declared twice (raw features and aggregates share one namespace).", target);
        }
    }

    private static void Positive(TimeSpan? duration, string target)
    {
        if (duration is { } value && value <= TimeSpan.Zero)
        {
            throw MleErrors.InvalidFeatureSet("A max age must be positive.", target);
        }
    }
}
