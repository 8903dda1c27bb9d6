using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Expressions;

/// <summary>The schema and record most expression tests read: an event's values and a model's outputs under <c>prediction</c>.</summary>
internal static class Records
{
    public static FieldSchema Schema { get; } = FieldSchema.Of(
        ("A", FieldType.Number),
        ("B", FieldType.Number),
        ("Zero", FieldType.Number),
        ("segment", FieldType.String),
        ("country", FieldType.String),
        ("vip", FieldType.Boolean),
        ("missing", FieldType.Number),
        ("nothing", FieldType.String),
        ("unknown", FieldType.Boolean),
        ("scores", FieldType.Vector),
        ("prediction", FieldType.Object(FieldSchema.Of(
            ("PredictedLabel", FieldType.Boolean),
            ("Probability", FieldType.Number),
            ("Score", FieldType.Number)))),
        ("absent", FieldType.Object(FieldSchema.Of(("Probability", FieldType.Number)))));

    public static Dictionary<string, object?> Record() => new(StringComparer.Ordinal)
    {
        ["A"] = 0.9,
        ["B"] = 0.8f,
        ["Zero"] = 0,
        ["segment"] = "gold",
        ["country"] = "US-CA",
        ["vip"] = true,
        ["missing"] = null,
        ["unknown"] = null,
        ["scores"] = new float[] { 0.1f, 0.9f },
        ["prediction"] = new Dictionary<string, object?> { ["PredictedLabel"] = true, ["Probability"] = 0.99f, ["Score"] = 24.5f },
    };
}
