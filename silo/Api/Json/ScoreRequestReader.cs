using System.Buffers;
using System.Text.Json;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.Json;

/// <summary>
/// Parses a <c>/api/v1</c> score request straight into columns by the model's input schema, in one pass:
/// <c>{"rows": [{"x": 1, ...}, ...]}</c> or <c>{"columns": {"x": [1, ...], ...}}</c>.
/// Properties the model does not use are ignored; a missing, mistyped or mis-sized input is rejected by name.
/// </summary>
internal static class ScoreRequestReader
{
    private static readonly JsonReaderOptions Options = new() { CommentHandling = JsonCommentHandling.Skip, MaxDepth = 16 };

    public static ColumnBatch Read(ReadOnlySequence<byte> body, ModelSchema schema, int maxRows)
    {
        var reader = new Utf8JsonReader(body, Options);
        Expect(ref reader, JsonTokenType.StartObject, "The request body must be a JSON object with \"rows\" or \"columns\".");

        ColumnBatch? batch = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var rows = reader.ValueTextEquals("rows"u8);
            if (rows || reader.ValueTextEquals("columns"u8))
            {
                // A second "rows" (or both forms) would silently replace the first: which rows did the caller mean?
                if (batch is not null)
                {
                    throw MleErrors.InvalidRequest("Give the rows once: either \"rows\" or \"columns\", not both or twice.", rows ? "rows" : "columns");
                }
                reader.Read();
                batch = rows ? ReadRows(ref reader, schema, maxRows) : ReadColumns(ref reader, schema, maxRows);
            }
            else
            {
                JsonText.RequireValid(ref reader);
                reader.Read();
                reader.Skip();
            }
        }
        if (reader.Read())
        {
            throw MleErrors.InvalidRequest("The request body has more after its JSON object; send one JSON document.", "body");
        }

        return batch ?? throw MleErrors.InvalidRequest("The request body must have \"rows\" (an array of objects) or \"columns\" (an object of arrays).", "rows");
    }

    private static ColumnBatch ReadRows(ref Utf8JsonReader reader, ModelSchema schema, int maxRows)
    {
        Expect(ref reader, JsonTokenType.StartArray, "\"rows\" must be an array of objects, one per row.");
        var columns = ColumnSet.Rent(schema.Inputs);
        try
        {
            return ReadRows(ref reader, columns, maxRows);
        }
        finally
        {
            columns.Return();
        }
    }

    private static ColumnBatch ReadRows(ref Utf8JsonReader reader, ColumnSet columns, int maxRows)
    {
        var row = 0;
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
        {
            if (reader.TokenType != JsonTokenType.StartObject)
            {
                throw MleErrors.InvalidRequest($"Row {row} must be a JSON object of column values.", "rows");
            }
            if (row == maxRows)
            {
                throw MleErrors.BatchTooLarge(CountRemaining(ref reader, row), maxRows);
            }

            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                var column = columns.Find(ref reader);
                if (column is null)
                {
                    JsonText.RequireValid(ref reader);
                    reader.Read();
                    reader.Skip();
                    continue;
                }
                reader.Read();
                if (column.Rows != row)
                {
                    throw MleErrors.InvalidRequest($"Row {row} gives column '{column.Schema.Name}' twice.", column.Schema.Name);
                }
                column.AppendRow(ref reader);
            }
            columns.RequireRow(row);
            row++;
        }

        return row == 0 ? throw MleErrors.InvalidRequest("\"rows\" is empty: send at least one row.", "rows") : columns.Build(row);
    }

    private static ColumnBatch ReadColumns(ref Utf8JsonReader reader, ModelSchema schema, int maxRows)
    {
        Expect(ref reader, JsonTokenType.StartObject, "\"columns\" must be an object mapping each column to an array of values.");
        var columns = ColumnSet.Rent(schema.Inputs);
        try
        {
            return ReadColumns(ref reader, columns, maxRows);
        }
        finally
        {
            columns.Return();
        }
    }

    private static ColumnBatch ReadColumns(ref Utf8JsonReader reader, ColumnSet columns, int maxRows)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var column = columns.Find(ref reader);
            if (column is null)
            {
                JsonText.RequireValid(ref reader);
                reader.Read();
                reader.Skip();
                continue;
            }
            reader.Read();
            var name = column.Schema.Name;
            if (column.Rows != 0)
            {
                throw MleErrors.InvalidRequest($"Column '{name}' is given twice.", name);
            }
            Expect(ref reader, JsonTokenType.StartArray, $"Column '{name}' must be an array with one value per row.");
            while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
            {
                if (column.Rows == maxRows)
                {
                    throw MleErrors.BatchTooLarge(maxRows + 1, maxRows);
                }
                column.AppendRow(ref reader);
            }
        }

        var rows = columns.Builders.Count == 0 ? 0 : columns.Builders.Max(b => b.Rows);
        if (rows == 0)
        {
            throw MleErrors.InvalidRequest("\"columns\" holds no rows: send at least one value per column.", "columns");
        }
        foreach (var builder in columns.Builders)
        {
            if (builder.Rows != rows && builder.Rows != 0)
            {
                throw MleErrors.InvalidRequest($"Column '{builder.Schema.Name}' has {builder.Rows} values but other columns have {rows}.", builder.Schema.Name);
            }
        }
        columns.RequireRows(rows, "");
        return columns.Build(rows);
    }

    private static int CountRemaining(ref Utf8JsonReader reader, int counted)
    {
        // Report the real size of an oversized batch without building it: skip the remaining rows.
        var rows = counted;
        do
        {
            reader.Skip();
            rows++;
        }
        while (reader.Read() && reader.TokenType != JsonTokenType.EndArray);
        return rows;
    }

    private static void Expect(ref Utf8JsonReader reader, JsonTokenType token, string message)
    {
        if (reader.TokenType == JsonTokenType.None)
        {
            reader.Read();
        }
        if (reader.TokenType != token)
        {
            throw MleErrors.InvalidRequest(message);
        }
    }
}
