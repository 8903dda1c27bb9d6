using System.Collections.Frozen;
using Mle.Schema;

namespace Mle.Serving.Expressions;

/// <summary>
/// The fields a record is declared to have, by name (ordinal, case-sensitive, as JSON is), and their types: what an
/// expression is checked against before it is ever evaluated. Immutable; <see cref="With(string, FieldType)"/> returns a new schema, so
/// a pipeline can grow the schema step by step.
/// </summary>
public sealed class FieldSchema : IEquatable<FieldSchema>
{
    private readonly FrozenDictionary<string, FieldType> _fields;
    private readonly string[] _names;

    private FieldSchema(IEnumerable<KeyValuePair<string, FieldType>> fields)
    {
        _fields = fields.ToFrozenDictionary(StringComparer.Ordinal);
        _names = [.. _fields.Keys.Order(StringComparer.Ordinal)];
    }

    public static FieldSchema Empty { get; } = new([]);

    /// <summary>The field names in ordinal order.</summary>
    public IReadOnlyList<string> Names => _names;

    public int Count => _names.Length;

    public static FieldSchema Of(IEnumerable<KeyValuePair<string, FieldType>> fields) => new(fields);

    public static FieldSchema Of(params (string Name, FieldType Type)[] fields) =>
        new(fields.Select(f => KeyValuePair.Create(f.Name, f.Type)));

    /// <summary>The outputs of a model as an object's fields (what a score step adds under its output name).</summary>
    public static FieldSchema OfOutputs(ModelSchema model) =>
        new(model.Outputs.Select(c => KeyValuePair.Create(c.Name, FieldType.Of(c))));

    public FieldType? Find(string name) => _fields.GetValueOrDefault(name);

    /// <summary>This schema with <paramref name="name"/> added, or retyped if it was there.</summary>
    public FieldSchema With(string name, FieldType type) =>
        new(_fields.Where(f => !string.Equals(f.Key, name, StringComparison.Ordinal)).Append(KeyValuePair.Create(name, type)));

    /// <summary>This schema with every field of <paramref name="other"/> added (the other's type wins on a clash).</summary>
    public FieldSchema With(FieldSchema other) =>
        new(_fields.Where(f => other.Find(f.Key) is null).Concat(other._fields));

    public bool Equals(FieldSchema? other) =>
        other is not null && _names.Length == other._names.Length
        && _fields.All(f => other._fields.TryGetValue(f.Key, out var type) && type.Equals(f.Value));

    public override bool Equals(object? obj) => Equals(obj as FieldSchema);

    public override int GetHashCode()
    {
        var hash = new HashCode();
        foreach (var name in _names)
        {
            hash.Add(name, StringComparer.Ordinal);
            hash.Add(_fields[name].Kind);
        }
        return hash.ToHashCode();
    }

    public override string ToString() => "{" + string.Join(", ", _names.Select(n => $"{n}: {_fields[n]}")) + "}";
}
