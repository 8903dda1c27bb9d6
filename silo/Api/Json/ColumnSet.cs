using System.Globalization;
using System.Text.Json;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.Json;

/// <summary>One <see cref="ColumnBuilder"/> per model input, found by JSON property name without allocating.</summary>
internal sealed class ColumnSet
{
    private readonly ColumnBuilder[] _builders;
    private int _next;

    public ColumnSet(IReadOnlyList<ColumnSchema> inputs)
    {
        _builders = new ColumnBuilder[inputs.Count];
        for (var i = 0; i < _builders.Length; i++)
        {
            _builders[i] = ColumnBuilder.For(inputs[i]);
        }
    }

    public IReadOnlyList<ColumnBuilder> Builders => _builders;

    /// <summary>
    /// The builder named by the property at the reader, or null for a column the model does not use.
    /// Rows usually list properties in the same order, so the search starts after the last match.
    /// </summary>
    public ColumnBuilder? Find(ref Utf8JsonReader reader)
    {
        for (var probe = 0; probe < _builders.Length; probe++)
        {
            var index = (_next + probe) % _builders.Length;
            if (reader.ValueTextEquals(_builders[index].Utf8Name))
            {
                _next = index + 1;
                return _builders[index];
            }
        }
        return null;
    }

    public ColumnBatch Build(int rowCount)
    {
        var columns = new Column[_builders.Length];
        for (var i = 0; i < columns.Length; i++)
        {
            columns[i] = _builders[i].Build();
        }
        return new ColumnBatch(rowCount, columns);
    }

    /// <summary>Throws for the first input that does not have exactly <paramref name="rows"/> rows.</summary>
    public void RequireRows(int rows, string where)
    {
        foreach (var builder in _builders)
        {
            if (builder.Rows < rows)
            {
                throw Missing(builder, where);
            }
        }
    }

    /// <summary>
    /// Throws for the first input that row <paramref name="row"/> did not supply; the message names the row. Called
    /// once per row, so the row's description is only written when a column is missing.
    /// </summary>
    public void RequireRow(int row)
    {
        foreach (var builder in _builders)
        {
            if (builder.Rows <= row)
            {
                throw Missing(builder, string.Create(CultureInfo.InvariantCulture, $" (row {row})"));
            }
        }
    }

    private static SchemaMismatchException Missing(ColumnBuilder builder, string where) =>
        new($"Input column '{builder.Schema.Name}' is required by the model but was not supplied{where}.", builder.Schema.Name);
}
