using System.Globalization;

namespace Mle.Features;

/// <summary>
/// One value of a feature: null, a float, an int (exact, 64-bit), a bool, a string, or a list of values. The
/// default value is null. Converts implicitly from <see cref="double"/>, <see cref="long"/>, <see cref="int"/>,
/// <see cref="bool"/> and <see cref="string"/>, so an SDK event reads <c>["amount"] = 12.5</c>.
/// </summary>
[GenerateSerializer, Immutable]
public readonly record struct FeatureValue
{
    [Id(0)] public FeatureValueKind Kind { get; init; }

    /// <summary>The value of a <see cref="FeatureValueKind.Float"/> (or 1/0 of a bool).</summary>
    [Id(1)] public double Number { get; init; }

    /// <summary>The value of a <see cref="FeatureValueKind.Int"/>.</summary>
    [Id(2)] public long Integer { get; init; }

    /// <summary>The value of a <see cref="FeatureValueKind.String"/>.</summary>
    [Id(3)] public string? Text { get; init; }

    /// <summary>The items of a <see cref="FeatureValueKind.List"/>.</summary>
    [Id(4)] public IReadOnlyList<FeatureValue>? Items { get; init; }

    public static FeatureValue Null => default;

    public bool IsNull => Kind == FeatureValueKind.Null;

    /// <summary>Whether the value is a number (float or int).</summary>
    public bool IsNumber => Kind is FeatureValueKind.Float or FeatureValueKind.Int;

    /// <summary>The value as a double: a float, an int, or 1/0 for a bool.</summary>
    public double AsDouble => Kind switch
    {
        FeatureValueKind.Int => Integer,
        FeatureValueKind.Float or FeatureValueKind.Bool => Number,
        _ => double.NaN,
    };

    public static FeatureValue Float(double value) => new() { Kind = FeatureValueKind.Float, Number = value };

    public static FeatureValue Int(long value) => new() { Kind = FeatureValueKind.Int, Integer = value };

    public static FeatureValue Bool(bool value) => new() { Kind = FeatureValueKind.Bool, Number = value ? 1 : 0 };

    public static FeatureValue String(string value) => new() { Kind = FeatureValueKind.String, Text = value };

    public static FeatureValue List(IReadOnlyList<FeatureValue> items) => new() { Kind = FeatureValueKind.List, Items = items };

    public static implicit operator FeatureValue(double value) => Float(value);

    public static implicit operator FeatureValue(long value) => Int(value);

    public static implicit operator FeatureValue(int value) => Int(value);

    public static implicit operator FeatureValue(bool value) => Bool(value);

    public static implicit operator FeatureValue(string? value) => value is null ? Null : String(value);

    /// <summary>The value as a plain CLR object (double, long, bool, string, a list of those, or null), e.g. for JSON.</summary>
    public object? ToObject() => Kind switch
    {
        FeatureValueKind.Float => Number,
        FeatureValueKind.Int => Integer,
        FeatureValueKind.Bool => Number != 0,
        FeatureValueKind.String => Text,
        FeatureValueKind.List => Items?.Select(item => item.ToObject()).ToList(),
        _ => null,
    };

    public override string ToString() => Kind switch
    {
        FeatureValueKind.Float => Number.ToString("R", CultureInfo.InvariantCulture),
        FeatureValueKind.Int => Integer.ToString(CultureInfo.InvariantCulture),
        FeatureValueKind.Bool => Number != 0 ? "true" : "false",
        FeatureValueKind.String => Text ?? "",
        FeatureValueKind.List => "[" + string.Join(", ", Items ?? []) + "]",
        _ => "null",
    };
}
