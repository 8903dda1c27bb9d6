using Mle.Data;

namespace Mle.Endpoints;

/// <summary>
/// An endpoint's answer to the SDK: the spec version that answered, the outputs of each path taken (<see cref="Parts"/>;
/// row i's predictions are row <see cref="RowInPart"/>[i] of part <see cref="PartOfRow"/>[i]) and each row's route.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EndpointScoreResult(
    [property: Id(0)] string Endpoint,
    [property: Id(1)] long Version,
    [property: Id(2)] IReadOnlyList<ColumnBatch> Parts,
    [property: Id(3)] int[] PartOfRow,
    [property: Id(4)] int[] RowInPart,
    [property: Id(5)] IReadOnlyList<EndpointRoute> Routes)
{
    public int RowCount => PartOfRow.Length;

    /// <summary>Row <paramref name="row"/>'s predictions, by output name.</summary>
    public IReadOnlyDictionary<string, object?> Prediction(int row)
    {
        var part = Parts[PartOfRow[row]];
        var at = RowInPart[row];
        return part.Columns.ToDictionary(c => c.Name, c => c.Width == 1 ? c.RawValues.GetValue(at * c.Width) : Slice(c, at));
    }

    private static Array Slice(Column column, int row)
    {
        var values = Array.CreateInstance(column.RawValues.GetType().GetElementType()!, column.Width);
        Array.Copy(column.RawValues, row * column.Width, values, 0, column.Width);
        return values;
    }
}

/// <summary>One row's route: the decisions taken (<c>variant</c>, <c>canary</c>, <c>segment</c>, <c>endpoint</c>) and the model versions that scored it.</summary>
[GenerateSerializer, Immutable]
public sealed record EndpointRoute(
    [property: Id(0)] IReadOnlyDictionary<string, string> Steps,
    [property: Id(1)] IReadOnlyList<RoutedModel> Models);

/// <summary>A model version that scored a row.</summary>
[GenerateSerializer, Immutable]
public sealed record RoutedModel([property: Id(0)] string Model, [property: Id(1)] int Version);
