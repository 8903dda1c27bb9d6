using System.Text.Json;
using Mle.Errors;

namespace Mle.Silo.Api.Datasets;

/// <summary>
/// Turns the JSON rows of a training-set body into columns and text cells: the columns are every key in the order
/// first seen; a row without a key has null there. Numbers keep their JSON text (no rounding through a double),
/// booleans are <c>true</c>/<c>false</c>; an object or array cell is <c>invalid_training_set</c>.
/// </summary>
public static class TrainingSetRows
{
    public static (IReadOnlyList<string> Columns, IReadOnlyList<IReadOnlyList<string?>> Rows) Read(List<Dictionary<string, JsonElement>?> rows)
    {
        var columns = new List<string>();
        var index = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var r = 0; r < rows.Count; r++)
        {
            foreach (var key in rows[r]?.Keys ?? throw MleErrors.InvalidTrainingSet($"rows[{r}] is null; a row is an object.", $"rows[{r}]"))
            {
                if (index.TryAdd(key, columns.Count))
                {
                    columns.Add(key);
                }
            }
        }
        var cells = new List<IReadOnlyList<string?>>(rows.Count);
        for (var r = 0; r < rows.Count; r++)
        {
            var row = new string?[columns.Count];
            foreach (var (key, value) in rows[r]!)
            {
                row[index[key]] = Cell(value, $"rows[{r}].{key}");
            }
            cells.Add(row);
            rows[r] = null; // Held once: the parsed JSON of a row goes as its cells are made.
        }
        return (columns, cells);
    }

    private static string? Cell(JsonElement value, string target) => value.ValueKind switch
    {
        JsonValueKind.Null or JsonValueKind.Undefined => null,
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Number => value.GetRawText(),
        JsonValueKind.True => "true",
        JsonValueKind.False => "false",
        _ => throw MleErrors.InvalidTrainingSet($"{target} is {(value.ValueKind == JsonValueKind.Array ? "an array" : "an object")}; a cell is a number, string, boolean or null.", target),
    };
}
