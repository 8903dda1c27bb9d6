using System.Globalization;
using System.Text.Json;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.Json;

/// <summary>
/// One <see cref="ColumnBuilder"/> per model input, found by JSON property name without allocating. A request's set is
/// rented (<see cref="Rent"/>) and given back (<see cref="Return"/>) by the reader that fills it.
/// </summary>
internal sealed class ColumnSet
{
    /// <summary>Sets kept idle per thread: a silo that serves a few models in turn finds each one's set again.</summary>
    private const int IdlePerThread = 4;

    // Per thread, not shared: a set is filled by one synchronous parse, so the thread that rents it gives it back before
    // it reads anything else. A set, its builders and its builder array were about a tenth of a single-row request's
    // allocations (six builders for a model of six inputs), made again on every request for the same schema.
    [ThreadStatic]
    private static ColumnSet?[]? t_idle;

    [ThreadStatic]
    private static int t_nextSlot;

    private readonly IReadOnlyList<ColumnSchema> _inputs;
    private readonly ColumnBuilder[] _builders;
    private int _next;

    public ColumnSet(IReadOnlyList<ColumnSchema> inputs)
    {
        _inputs = inputs;
        _builders = new ColumnBuilder[inputs.Count];
        for (var i = 0; i < _builders.Length; i++)
        {
            _builders[i] = ColumnBuilder.For(inputs[i]);
        }
    }

    public IReadOnlyList<ColumnBuilder> Builders => _builders;

    /// <summary>
    /// An empty set for <paramref name="inputs"/>: one this thread gave back for the same schema instance (a version's
    /// schema is one instance for as long as the catalog serves it), or a new one.
    /// </summary>
    public static ColumnSet Rent(IReadOnlyList<ColumnSchema> inputs)
    {
        var idle = t_idle;
        if (idle is not null)
        {
            for (var i = 0; i < idle.Length; i++)
            {
                if (idle[i] is { } set && ReferenceEquals(set._inputs, inputs))
                {
                    idle[i] = null;
                    return set;
                }
            }
        }
        return new ColumnSet(inputs);
    }

    /// <summary>
    /// Gives the set back once the batch is built (or the request refused): its builders forget the request's values, so
    /// an idle set holds none of them, and the columns built from it keep theirs.
    /// </summary>
    public void Return()
    {
        foreach (var builder in _builders)
        {
            builder.Reset();
        }
        _next = 0;
        var idle = t_idle ??= new ColumnSet?[IdlePerThread];
        for (var i = 0; i < idle.Length; i++)
        {
            if (idle[i] is null)
            {
                idle[i] = this;
                return;
            }
        }
        // Every slot taken by other schemas: replace them in turn.
        idle[t_nextSlot] = this;
        t_nextSlot = (t_nextSlot + 1) % idle.Length;
    }

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
