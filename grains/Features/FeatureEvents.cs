using Mle.Errors;

namespace Mle.Features;

/// <summary>
/// Checks events against a feature set's definition before anything is applied, and returns them with their values
/// converted to the declared types (an int for a float feature becomes a float; a whole float for an int feature an
/// int). The first bad event throws, with <c>target</c> naming the field (<c>events[3].values.amount</c>): a push
/// with one bad event changes nothing.
/// </summary>
public static class FeatureEvents
{
    public static IReadOnlyList<FeatureEvent> Validate(
        FeatureSetDefinition definition, IReadOnlyList<FeatureEvent?> events, DateTimeOffset now, FeaturesOptions options)
    {
        var valid = new FeatureEvent[events.Count];
        for (var i = 0; i < events.Count; i++)
        {
            // The field names of an error are built only for an event that is not valid as it is.
            valid[i] = IsValidAsItIs(definition, events[i], now, options) ? events[i]! : ValidateOne(definition, events[i], now, options, $"events[{i}]");
        }
        return valid;
    }

    /// <summary>Whether <see cref="ValidateOne"/> would return <paramref name="e"/> itself, checked without allocating.</summary>
    private static bool IsValidAsItIs(FeatureSetDefinition definition, FeatureEvent? e, DateTimeOffset now, FeaturesOptions options)
    {
        if (e is null || !IsId(e.Id, options.MaxIdLength) || !IsId(e.Entity, options.MaxIdLength) || e.Time == default
            || e.Time > now + options.MaxFutureSkew || e.Values is not Dictionary<string, FeatureValue> values)
        {
            return false;
        }
        foreach (var (name, value) in values)
        {
            if (!definition.Raw.TryGetValue(name, out var feature) || !HasType(feature, value))
            {
                return false;
            }
        }
        return true;
    }

    public static FeatureEvent ValidateOne(FeatureSetDefinition definition, FeatureEvent? e, DateTimeOffset now, FeaturesOptions options, string target)
    {
        if (e is null)
        {
            throw MleErrors.InvalidEvent($"{target} is null.", target);
        }
        RequireId(e.Id, "id", options.MaxIdLength, target);
        RequireId(e.Entity, $"entity ({definition.Info.Spec.EntityKey})", options.MaxIdLength, target, "entity");
        if (e.Time == default)
        {
            throw MleErrors.InvalidEvent($"{target} has no time (an ISO 8601 timestamp, e.g. 2026-01-01T00:00:00Z).", target + ".time");
        }
        if (e.Time > now + options.MaxFutureSkew)
        {
            throw MleErrors.InvalidEvent(
                $"{target} has the time {e.Time:O}, more than {Durations.Format(options.MaxFutureSkew)} ahead of the server's clock (Mle:Features:MaxFutureSkew).",
                target + ".time");
        }
        if (e.Values is null)
        {
            return e with { Values = NoValues };
        }
        // Most events already carry the declared types: they are returned as they are, and only an event with a value
        // to convert gets a new dictionary (a copy per event was most of what validating a push allocated).
        Dictionary<string, FeatureValue>? converted = null;
        foreach (var (name, value) in e.Values)
        {
            if (!definition.Raw.TryGetValue(name, out var feature))
            {
                var at = $"{target}.values.{name}";
                throw definition.Aggregates.ContainsKey(name)
                    ? MleErrors.InvalidEvent($"'{name}' is an aggregate of feature set '{definition.Ref.Name}'; events set raw features only.", at)
                    : MleErrors.UnknownFeature(definition.Ref.Name, name, at);
            }
            if (!HasType(feature, value))
            {
                (converted ??= new Dictionary<string, FeatureValue>(e.Values.Count, StringComparer.Ordinal))[name] = Convert(feature, value, $"{target}.values.{name}");
            }
        }
        if (converted is null)
        {
            return e;
        }
        foreach (var (name, value) in e.Values)
        {
            converted.TryAdd(name, value);
        }
        return e with { Values = converted };
    }

    private static readonly IReadOnlyDictionary<string, FeatureValue> NoValues = new Dictionary<string, FeatureValue>();

    /// <summary>Whether <see cref="Convert"/> would return <paramref name="value"/> itself.</summary>
    private static bool HasType(RawFeature feature, FeatureValue value) => (feature.Type, value.Kind) switch
    {
        (_, FeatureValueKind.Null) => true,
        (FeatureType.Float, FeatureValueKind.Float) => double.IsFinite(value.Number),
        (FeatureType.Int, FeatureValueKind.Int) => true,
        (FeatureType.Bool, FeatureValueKind.Bool) => true,
        (FeatureType.String, FeatureValueKind.String) => value.Text is not null,
        _ => false,
    };

    /// <summary>The value as the feature's type, or <c>feature_type_mismatch</c>.</summary>
    public static FeatureValue Convert(RawFeature feature, FeatureValue value, string target)
    {
        if (value.IsNull)
        {
            return value;
        }
        FeatureValue? converted = (feature.Type, value.Kind) switch
        {
            (FeatureType.Float, FeatureValueKind.Float) when double.IsFinite(value.Number) => value,
            (FeatureType.Float, FeatureValueKind.Int) => FeatureValue.Float(value.Integer),
            (FeatureType.Int, FeatureValueKind.Int) => value,
            (FeatureType.Int, FeatureValueKind.Float) when value.Number == Math.Floor(value.Number) && Math.Abs(value.Number) < 9.2e18 =>
                FeatureValue.Int((long)value.Number),
            (FeatureType.Bool, FeatureValueKind.Bool) => value,
            (FeatureType.String, FeatureValueKind.String) when value.Text is not null => value,
            // Not a bare null: FeatureValue's conversion from string would turn it into a null value.
            _ => (FeatureValue?)null,
        };
        return converted ?? throw MleErrors.FeatureTypeMismatch(
            feature.Name, Expected(feature.Type), Describe(value), target);
    }

    private static string Expected(FeatureType type) => type switch
    {
        FeatureType.Float => "a float (a finite number)",
        FeatureType.Int => "an int (a whole number)",
        FeatureType.Bool => "a bool (true or false)",
        _ => "a string",
    };

    private static string Describe(FeatureValue value) => value.Kind switch
    {
        FeatureValueKind.Float => double.IsFinite(value.Number) ? $"the number {value}" : $"the non-finite number {value}",
        FeatureValueKind.Int => $"the number {value}",
        FeatureValueKind.Bool => $"the bool {value}",
        FeatureValueKind.String => "a string",
        FeatureValueKind.List => "a list",
        _ => "null",
    };

    /// <summary>An event id or entity id: non-empty, bounded, no control characters (ids end up in keys and logs).</summary>
    public static void RequireId(string? id, string what, int maxLength, string target, string? field = null)
    {
        if (IsId(id, maxLength))
        {
            return;
        }
        var at = field == "" ? target : $"{target}.{field ?? what}";
        if (string.IsNullOrEmpty(id))
        {
            throw MleErrors.InvalidEvent($"{target} has no {what}.", at);
        }
        if (id.Length > maxLength)
        {
            throw MleErrors.InvalidEvent($"The {what} of {target} is {id.Length} characters; the limit is {maxLength} (Mle:Features:MaxIdLength).", at);
        }
        throw MleErrors.InvalidEvent($"The {what} of {target} contains control characters.", at);
    }

    /// <summary>
    /// Whether <paramref name="id"/> passes <see cref="RequireId"/>, without allocating: a batch checks every id, and
    /// builds the names of its fields for the error only when one fails.
    /// </summary>
    public static bool IsId(string? id, int maxLength)
    {
        if (string.IsNullOrEmpty(id) || id.Length > maxLength)
        {
            return false;
        }
        foreach (var c in id)
        {
            if (char.IsControl(c))
            {
                return false;
            }
        }
        return true;
    }
}
