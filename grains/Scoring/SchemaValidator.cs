using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Scoring;

/// <summary>
/// Checks rows against a model's inputs before any engine sees them, so every mismatch is a typed error
/// naming the column, never an exception from deep inside ML.NET or ONNX Runtime. Columns the model does
/// not read are ignored. See <see cref="ColumnConversion"/> for the kinds accepted in place of another.
/// </summary>
public sealed class SchemaValidator(IOptions<LimitsOptions> limits)
{
    /// <summary>
    /// Returns the batch as the model reads it: exactly its input columns, in schema order, each of the
    /// schema's kind. Throws <see cref="SchemaMismatchException"/> or <see cref="InvalidRequestException"/>.
    /// </summary>
    public ColumnBatch Validate(ColumnBatch input, ModelSchema schema)
    {
        if (input.RowCount < 0)
        {
            throw MleErrors.InvalidRequest($"The batch has a negative row count ({input.RowCount}).", "rows");
        }
        var maxRows = limits.Value.MaxBatchRows;
        if (input.RowCount > maxRows)
        {
            throw MleErrors.BatchTooLarge(input.RowCount, maxRows);
        }
        // The gateway already builds exactly the model's inputs in schema order: that batch is returned as it is,
        // and a new one is only made once a column differs (extra, reordered or converted).
        var inputs = schema.Inputs;
        Column[]? columns = null;
        for (var i = 0; i < inputs.Length; i++)
        {
            var column = Conform(input, inputs[i]);
            if (columns is null && i < input.Columns.Length && ReferenceEquals(input.Columns[i], column))
            {
                continue;
            }
            if (columns is null)
            {
                columns = new Column[inputs.Length];
                Array.Copy(input.Columns, columns, i);
            }
            columns[i] = column;
        }
        return columns is null && input.Columns.Length == inputs.Length ? input
            : new ColumnBatch(input.RowCount, columns ?? input.Columns[..inputs.Length]);
    }

    private static Column Conform(ColumnBatch input, ColumnSchema expected)
    {
        var column = input.Find(expected.Name) ?? throw MleErrors.MissingColumn(expected.Name);
        if (column.Width < 1 || column.Length % column.Width != 0)
        {
            throw MleErrors.InvalidRequest(
                $"Input column '{expected.Name}' holds {column.Length} values, which is not a whole number of rows of width {column.Width}.", expected.Name);
        }
        if (expected.Width > 0 && column.Width != expected.Width)
        {
            throw MleErrors.WrongWidth(expected.Name, expected.Width, column.Width);
        }
        if (column.RowCount != input.RowCount)
        {
            throw MleErrors.InvalidRequest(
                $"Input column '{expected.Name}' has {column.RowCount} rows, but the batch has {input.RowCount}.", expected.Name);
        }
        if (column.Kind == expected.Kind)
        {
            return column;
        }
        return ColumnConversion.TryConvert(column, expected.Kind)
            ?? throw MleErrors.WrongType(expected.Name, expected.Kind.DisplayName(), column.Kind.DisplayName());
    }
}
