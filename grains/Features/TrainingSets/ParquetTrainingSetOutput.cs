using Parquet;
using Parquet.Schema;

namespace Mle.Features.TrainingSets;

/// <summary>
/// A training set as Parquet, one row group per chunk, typed columns in the order of the CSV's: the input columns as
/// strings, except the timestamp column, a UTC timestamp (microseconds); each feature in its own type (a float feature
/// and the sum, avg, min, max and stddev aggregates as doubles, an int feature and count and distinct_count as 64-bit
/// ints, a bool feature as a boolean, a string feature as a string, last_n as its JSON array in a string); each status
/// as a string. Every column is nullable, and a missing value (no value, an empty window, a row outside retention,
/// an empty input cell) is a null.
/// </summary>
public sealed class ParquetTrainingSetOutput : ITrainingSetOutput
{
    private readonly Stream _output;
    private readonly ParquetSchema _schema;
    private readonly int _inputColumns;
    private readonly int _timestampIndex;
    private readonly bool _includeStatus;
    private readonly Column[] _columns;
    private ParquetWriter? _writer;
    private int _rows;

    /// <param name="plan">The training set's columns and features.</param>
    /// <param name="output">Where the file goes; written forward only, never sought.</param>
    public ParquetTrainingSetOutput(TrainingSetPlan plan, Stream output)
    {
        _output = output;
        _inputColumns = plan.InputColumns.Count;
        _timestampIndex = plan.TimestampIndex;
        _includeStatus = plan.IncludeStatus;
        var columns = new List<Column>(plan.OutputColumns.Count);
        for (var i = 0; i < plan.InputColumns.Count; i++)
        {
            columns.Add(i == plan.TimestampIndex
                ? new Timestamps(new DateTimeDataField(plan.InputColumns[i], DateTimeFormat.Timestamp, isAdjustedToUTC: true, unit: DateTimeTimeUnit.Micros, isNullable: true))
                : new Strings(new DataField<string>(plan.InputColumns[i], true)));
        }
        var name = plan.InputColumns.Count;
        foreach (var (set, feature) in plan.Features)
        {
            var planned = plan.Sets[set];
            columns.Add(Of(planned.Definition, planned.Features[feature], plan.OutputColumns[name++]));
            if (plan.IncludeStatus)
            {
                columns.Add(new Strings(new DataField<string>(plan.OutputColumns[name++], true)));
            }
        }
        _columns = [.. columns];
        _schema = new ParquetSchema(_columns.Select(c => (Field)c.Field));
    }

    public void Add(IReadOnlyList<string?> cells, DateTimeOffset time, ReadOnlySpan<TrainingCell> features)
    {
        var column = 0;
        for (; column < _inputColumns; column++)
        {
            if (column == _timestampIndex)
            {
                ((Timestamps)_columns[column]).Values.Add(time.UtcDateTime);
            }
            else
            {
                ((Strings)_columns[column]).Values.Add(string.IsNullOrEmpty(cells[column]) ? null : cells[column]);
            }
        }
        foreach (var cell in features)
        {
            _columns[column++].Add(cell.Value);
            if (_includeStatus)
            {
                ((Strings)_columns[column++]).Values.Add(TrainingCellStatuses.Name(cell.Status));
            }
        }
        _rows++;
    }

    public async Task EndChunk(CancellationToken cancellationToken)
    {
        if (_rows == 0)
        {
            return;
        }
        var writer = await Writer(cancellationToken).ConfigureAwait(false);
        using (var group = writer.CreateRowGroup())
        {
            foreach (var column in _columns)
            {
                await column.Write(group, cancellationToken).ConfigureAwait(false);
            }
            group.CompleteValidate();
        }
        _rows = 0;
    }

    public async Task Complete(CancellationToken cancellationToken)
    {
        await EndChunk(cancellationToken).ConfigureAwait(false);
        // A training set of no rows is still a file with its schema.
        var writer = await Writer(cancellationToken).ConfigureAwait(false);
        await writer.DisposeAsync().ConfigureAwait(false);
        await _output.FlushAsync(cancellationToken).ConfigureAwait(false);
    }

    private async Task<ParquetWriter> Writer(CancellationToken cancellationToken) =>
        _writer ??= await ParquetWriter.CreateAsync(_schema, new AppendOnlyStream(_output), cancellationToken: cancellationToken).ConfigureAwait(false);

    private static Column Of(FeatureSetDefinition definition, string feature, string name)
    {
        if (definition.Raw.TryGetValue(feature, out var raw))
        {
            return raw.Type switch
            {
                FeatureType.Float => new Doubles(new DataField<double?>(name)),
                FeatureType.Int => new Longs(new DataField<long?>(name)),
                FeatureType.Bool => new Booleans(new DataField<bool?>(name)),
                _ => new Strings(new DataField<string>(name, true)),
            };
        }
        return definition.Aggregates[feature].Function switch
        {
            AggregateFunction.Count or AggregateFunction.DistinctCount => new Longs(new DataField<long?>(name)),
            AggregateFunction.LastN => new Strings(new DataField<string>(name, true)),
            _ => new Doubles(new DataField<double?>(name)),
        };
    }

    /// <summary>One column's values of the current chunk.</summary>
    private abstract class Column(DataField field)
    {
        public DataField Field { get; } = field;

        /// <summary>Adds a feature value, converted to the column's type (null when it is none).</summary>
        public abstract void Add(FeatureValue value);

        /// <summary>Writes the chunk's values as the next column of <paramref name="group"/>, and forgets them.</summary>
        public abstract Task Write(ParquetRowGroupWriter group, CancellationToken cancellationToken);
    }

    private sealed class Strings(DataField field) : Column(field)
    {
        public List<string?> Values { get; } = [];

        public override void Add(FeatureValue value) => Values.Add(DatasetCells.Format(value));

        public override async Task Write(ParquetRowGroupWriter group, CancellationToken cancellationToken)
        {
            await group.WriteAsync(Field, Values!).ConfigureAwait(false);
            Values.Clear();
        }
    }

    private abstract class Nullables<T>(DataField field) : Column(field) where T : struct
    {
        public List<T?> Values { get; } = [];

        public override async Task Write(ParquetRowGroupWriter group, CancellationToken cancellationToken)
        {
            await group.WriteAsync<T>(Field, Values.ToArray().AsMemory(), cancellationToken: cancellationToken).ConfigureAwait(false);
            Values.Clear();
        }
    }

    private sealed class Doubles(DataField field) : Nullables<double>(field)
    {
        public override void Add(FeatureValue value) => Values.Add(value.IsNumber ? value.AsDouble : null);
    }

    private sealed class Longs(DataField field) : Nullables<long>(field)
    {
        public override void Add(FeatureValue value) => Values.Add(value.Kind == FeatureValueKind.Int ? value.Integer : null);
    }

    private sealed class Booleans(DataField field) : Nullables<bool>(field)
    {
        public override void Add(FeatureValue value) => Values.Add(value.Kind == FeatureValueKind.Bool ? value.Number != 0 : null);
    }

    private sealed class Timestamps(DataField field) : Nullables<DateTime>(field)
    {
        public override void Add(FeatureValue value) => throw new InvalidOperationException("The timestamp column holds the rows' times, not feature values.");
    }
}
