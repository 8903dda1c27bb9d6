using System.Globalization;
using System.Text.Json;

namespace Mle.Features.TrainingSets;

/// <summary>
/// How a feature value is written in a dataset cell, culture-invariant and round-trippable: a float as the shortest
/// text that parses back to the same double (<c>R</c>), an int as digits, a bool as <c>true</c>/<c>false</c>, a string
/// as is, a list (<c>last_n</c>) as a JSON array, null as an empty cell.
/// </summary>
public static class DatasetCells
{
    public static string? Format(FeatureValue value) => value.Kind switch
    {
        FeatureValueKind.Null => null,
        FeatureValueKind.Float => value.Number.ToString("R", CultureInfo.InvariantCulture),
        FeatureValueKind.Int => value.Integer.ToString(CultureInfo.InvariantCulture),
        FeatureValueKind.Bool => value.Number != 0 ? "true" : "false",
        FeatureValueKind.String => value.Text,
        _ => JsonSerializer.Serialize(value.ToObject()),
    };
}
