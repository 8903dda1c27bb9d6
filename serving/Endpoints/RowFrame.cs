using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// The rows one node of a graph works on: some rows of the request (<see cref="Ids"/>, ascending), each with its
/// entity key, and every column known at that point (the request's, enriched features, earlier chain outputs).
/// Immutable: a routing node hands each branch a <see cref="Take"/> of it.
/// </summary>
internal sealed class RowFrame
{
    private readonly Dictionary<string, Column> _columns;

    public RowFrame(int[] ids, string?[] keys, Dictionary<string, Column> columns, int depth = 0)
    {
        Ids = ids;
        Keys = keys;
        _columns = columns;
        Depth = depth;
    }

    /// <summary>All rows of a request, with their entity keys.</summary>
    public static RowFrame Of(ColumnBatch rows, string?[] keys)
    {
        var columns = new Dictionary<string, Column>(rows.Columns.Length, StringComparer.Ordinal);
        foreach (var column in rows.Columns)
        {
            columns[column.Name] = column;
        }
        var ids = new int[rows.RowCount];
        for (var i = 0; i < ids.Length; i++)
        {
            ids[i] = i;
        }
        return new RowFrame(ids, keys, columns);
    }

    /// <summary>How many nested endpoints these rows are inside.</summary>
    public int Depth { get; }

    /// <summary>These rows inside a nested endpoint, keyed by its entity key.</summary>
    public RowFrame Nested(string?[] keys) => new(Ids, keys, _columns, Depth + 1);

    /// <summary>These rows with more columns (enriched features), replacing any of the same name.</summary>
    public RowFrame With(IEnumerable<Column> columns)
    {
        var all = new Dictionary<string, Column>(_columns, StringComparer.Ordinal);
        foreach (var column in columns)
        {
            all[column.Name] = column;
        }
        return new RowFrame(Ids, Keys, all, Depth);
    }

    /// <summary>The request rows, ascending.</summary>
    public int[] Ids { get; }

    /// <summary>Each row's entity key (the spec's <c>entityKey</c> column), null when the row has none.</summary>
    public string?[] Keys { get; }

    public int RowCount => Ids.Length;

    public IReadOnlyDictionary<string, Column> Columns => _columns;

    public Column? Find(string name) => _columns.GetValueOrDefault(name);

    /// <summary>The rows at ascending <paramref name="positions"/>.</summary>
    public RowFrame Take(int[] positions)
    {
        if (positions.Length == RowCount)
        {
            return this;
        }
        var columns = new Dictionary<string, Column>(_columns.Count, StringComparer.Ordinal);
        foreach (var (name, column) in _columns)
        {
            columns[name] = ColumnRows.Take(column, positions);
        }
        var ids = new int[positions.Length];
        var keys = new string?[positions.Length];
        for (var i = 0; i < positions.Length; i++)
        {
            ids[i] = Ids[positions[i]];
            keys[i] = Keys[positions[i]];
        }
        return new RowFrame(ids, keys, columns, Depth);
    }

    /// <summary>These rows with <paramref name="outputs"/> added, replacing columns of the same name: a chain's next input.</summary>
    public RowFrame With(ColumnBatch outputs) => With(outputs.Columns);

    /// <summary>The position of request row <paramref name="id"/> in this frame.</summary>
    public int PositionOf(int id)
    {
        var at = Array.BinarySearch(Ids, id);
        return at >= 0 ? at : throw new InvalidOperationException($"Row {id} is not in this frame.");
    }

    /// <summary>
    /// The model's inputs from these rows, in the model's order, converted between number kinds where needed.
    /// A column missing, of another kind or of another width is the caller's <c>schema_mismatch</c>.
    /// </summary>
    public ColumnBatch InputsFor(ModelSchema schema)
    {
        var inputs = new Column[schema.Inputs.Length];
        for (var i = 0; i < inputs.Length; i++)
        {
            var wanted = schema.Inputs[i];
            var column = Find(wanted.Name) ?? throw MleErrors.MissingColumn(wanted.Name);
            if (wanted.Width > 0 && column.Width != wanted.Width)
            {
                throw MleErrors.WrongWidth(wanted.Name, wanted.Width, column.Width);
            }
            inputs[i] = ColumnRows.As(column, wanted.Name, wanted.Kind)
                ?? throw MleErrors.WrongType(wanted.Name, wanted.Kind.DisplayName(), column.Kind.DisplayName());
        }
        return new ColumnBatch(RowCount, inputs);
    }
}
