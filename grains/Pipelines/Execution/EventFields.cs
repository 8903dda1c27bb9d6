using System.Collections;
using System.Globalization;
using Mle.Errors;
using Mle.Features;

namespace Mle.Pipelines.Execution;

/// <summary>
/// Between the feature mart's typed values and a record's plain fields: a float is a <see cref="double"/>, an int a
/// <see cref="long"/>, a list a list of those; and back, for featurize steps and feature set sinks.
/// </summary>
public static class EventFields
{
    public static Dictionary<string, object?> Of(FeatureEvent e)
    {
        var fields = new Dictionary<string, object?>(e.Values?.Count ?? 0, StringComparer.Ordinal);
        if (e.Values is Dictionary<string, FeatureValue> values)
        {
            // What the REST reader, the SDK and the serializer make: enumerated without boxing an enumerator per event.
            foreach (var (name, value) in values)
            {
                fields[name] = value.ToObject();
            }
        }
        else if (e.Values is { } other)
        {
            foreach (var (name, value) in other)
            {
                fields[name] = value.ToObject();
            }
        }
        return fields;
    }

    /// <summary>A field's value as a feature value; a value no feature can hold (a nested object) is an error naming the field.</summary>
    public static FeatureValue ToFeatureValue(string field, object? value) => value switch
    {
        null => FeatureValue.Null,
        double d => FeatureValue.Float(d),
        float f => FeatureValue.Float(f),
        decimal m => FeatureValue.Float((double)m),
        long l => FeatureValue.Int(l),
        int i => FeatureValue.Int(i),
        uint u => FeatureValue.Int(u),
        short s => FeatureValue.Int(s),
        bool b => FeatureValue.Bool(b),
        string text => FeatureValue.String(text),
        IDictionary => throw MleErrors.InvalidEvent($"Field '{field}' holds an object; a feature holds a number, a string, a bool or a list.", field),
        IEnumerable items => FeatureValue.List([.. items.Cast<object?>().Select(item => ToFeatureValue(field, item))]),
        _ => throw MleErrors.InvalidEvent($"Field '{field}' holds a {value.GetType().Name}, which no feature can hold.", field),
    };

    /// <summary>The entity a record names in <paramref name="field"/>: a string, or a number written invariantly.</summary>
    public static string Entity(PipelineRecord record, string field) => record.Fields.GetValueOrDefault(field) switch
    {
        string { Length: > 0 } text => text,
        double d => d.ToString("R", CultureInfo.InvariantCulture),
        long l => l.ToString(CultureInfo.InvariantCulture),
        int i => i.ToString(CultureInfo.InvariantCulture),
        null or "" => throw MleErrors.InvalidEvent($"Event '{record.Id}' has no value in field '{field}', the entity key this step needs.", field),
        var other => throw MleErrors.InvalidEvent($"Event '{record.Id}' holds a {other.GetType().Name} in field '{field}'; an entity key is a string or a number.", field),
    };
}
