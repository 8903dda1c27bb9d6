using System.Globalization;
using Mle.Errors;

namespace Mle.Features.TrainingSets;

/// <summary>
/// Builds a point-in-time training set: for every input row, each requested feature as it was at the row's time,
/// exactly what an <c>asOf</c> lookup at that time answers (events at or before it only, windows ending at it, max age
/// measured from it), so nothing from after the row's time can leak into its features. A row older than
/// <c>now − retention</c> of a set gets <see cref="TrainingCellStatus.OutsideRetention"/> and no values of that set.
/// <para>
/// Rows stream: a chunk of <see cref="FeaturesOptions.TrainingSetChunkRows"/> is read, grouped by entity so that each
/// entity is read once with all its times of the chunk, those reads run in parallel (at most
/// <see cref="FeaturesOptions.TrainingSetParallelism"/> at once), and the chunk's rows are written out in input order
/// before the next chunk is read. Only one chunk is ever in memory, whatever the number of rows.
/// </para>
/// </summary>
public sealed class TrainingSetBuilder(IPointInTimeSource source, FeaturesOptions options, long maxRows, TimeProvider time)
{
    /// <summary>Writes the header and every row as CSV to <paramref name="output"/>; throws on the first bad row.</summary>
    public Task<TrainingSetSummary> Build(TrainingSetPlan plan, TrainingInput input, Stream output, CancellationToken cancellationToken) =>
        Build(plan, input, new CsvTrainingSetOutput(plan, output), cancellationToken);

    /// <summary>Writes every row to <paramref name="output"/>, chunk by chunk, then completes it; throws on the first bad row.</summary>
    public async Task<TrainingSetSummary> Build(TrainingSetPlan plan, TrainingInput input, ITrainingSetOutput output, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        var oldest = plan.Sets.Select(s => now - s.Definition.Retention).ToArray();
        var chunk = new List<(IReadOnlyList<string?> Cells, DateTimeOffset Time)>(options.TrainingSetChunkRows);
        long rows = 0;
        await foreach (var cells in input.Rows.WithCancellation(cancellationToken).ConfigureAwait(false))
        {
            if (++rows > maxRows)
            {
                throw MleErrors.TrainingSetTooLarge("rows", maxRows, "MaxTrainingSetRows");
            }
            chunk.Add((cells, Time(plan, cells, rows - 1)));
            if (chunk.Count == options.TrainingSetChunkRows)
            {
                await Resolve(plan, chunk, rows - chunk.Count, oldest, output, cancellationToken).ConfigureAwait(false);
                await output.EndChunk(cancellationToken).ConfigureAwait(false);
                chunk.Clear();
            }
        }
        await Resolve(plan, chunk, rows - chunk.Count, oldest, output, cancellationToken).ConfigureAwait(false);
        await output.Complete(cancellationToken).ConfigureAwait(false);
        return new TrainingSetSummary(rows, plan.OutputColumns);
    }

    private async Task Resolve(
        TrainingSetPlan plan, List<(IReadOnlyList<string?> Cells, DateTimeOffset Time)> chunk, long firstRow, DateTimeOffset[] oldest,
        ITrainingSetOutput output, CancellationToken cancellationToken)
    {
        if (chunk.Count == 0)
        {
            return;
        }
        // results[set][row]: null when the row is outside that set's retention.
        var results = new FeatureRow?[plan.Sets.Count][];
        var reads = new List<(int Set, string Entity, List<int> Rows)>();
        for (var s = 0; s < plan.Sets.Count; s++)
        {
            results[s] = new FeatureRow?[chunk.Count];
            var set = plan.Sets[s];
            var byEntity = new Dictionary<string, List<int>>(StringComparer.Ordinal);
            for (var r = 0; r < chunk.Count; r++)
            {
                var entity = Entity(plan, set, chunk[r].Cells, firstRow + r);
                if (chunk[r].Time < oldest[s])
                {
                    continue;
                }
                if (!byEntity.TryGetValue(entity, out var list))
                {
                    byEntity[entity] = list = [];
                }
                list.Add(r);
            }
            reads.AddRange(byEntity.Select(e => (s, e.Key, e.Value)));
        }
        var parallel = new ParallelOptions { MaxDegreeOfParallelism = options.TrainingSetParallelism, CancellationToken = cancellationToken };
        await Parallel.ForEachAsync(reads, parallel, async (read, token) =>
        {
            var set = plan.Sets[read.Set];
            var times = read.Rows.Select(r => chunk[r].Time).ToList();
            var rows = await source.ReadAt(set.Definition, read.Entity, set.Features, times, token).ConfigureAwait(false);
            if (rows.Count != times.Count)
            {
                throw new InvalidOperationException($"Entity {read.Entity} answered {rows.Count} rows for {times.Count} times.");
            }
            for (var k = 0; k < rows.Count; k++)
            {
                results[read.Set][read.Rows[k]] = rows[k];
            }
        }).ConfigureAwait(false);

        var cells = new TrainingCell[plan.Features.Count];
        for (var r = 0; r < chunk.Count; r++)
        {
            for (var f = 0; f < plan.Features.Count; f++)
            {
                var (set, feature) = plan.Features[f];
                cells[f] = results[set][r] is { } row
                    ? new TrainingCell(row.Values[feature], TrainingCellStatuses.Of(row.Statuses[feature]))
                    : new TrainingCell(FeatureValue.Null, TrainingCellStatus.OutsideRetention);
            }
            output.Add(chunk[r].Cells, chunk[r].Time, cells);
        }
    }

    private static DateTimeOffset Time(TrainingSetPlan plan, IReadOnlyList<string?> cells, long row)
    {
        var column = plan.InputColumns[plan.TimestampIndex];
        if (cells.Count != plan.InputColumns.Count)
        {
            throw MleErrors.InvalidTrainingSet($"Row {row} has {cells.Count} cells; the input has {plan.InputColumns.Count} columns.", $"rows[{row}]");
        }
        var text = cells[plan.TimestampIndex];
        if (string.IsNullOrWhiteSpace(text))
        {
            throw MleErrors.InvalidTrainingSet($"Row {row} has no {column}: every row needs the time its features are read at.", $"rows[{row}].{column}");
        }
        if (!DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var at))
        {
            throw MleErrors.InvalidTrainingSet(
                $"Row {row} has {column} '{Shown(text)}', not an ISO 8601 timestamp such as 2026-01-01T00:00:00Z.", $"rows[{row}].{column}");
        }
        return at;
    }

    private string Entity(TrainingSetPlan plan, TrainingSetPlan.PlannedSet set, IReadOnlyList<string?> cells, long row)
    {
        var column = plan.InputColumns[set.EntityIndex];
        var entity = cells[set.EntityIndex];
        if (string.IsNullOrEmpty(entity))
        {
            throw MleErrors.InvalidTrainingSet($"Row {row} has no entity id in column '{column}'.", $"rows[{row}].{column}");
        }
        if (entity.Length > options.MaxIdLength || entity.Any(char.IsControl))
        {
            throw MleErrors.InvalidTrainingSet(
                $"Row {row} has an entity id in column '{column}' that is longer than {options.MaxIdLength} characters (Mle:Features:MaxIdLength) or holds control characters.",
                $"rows[{row}].{column}");
        }
        return entity;
    }

    private static string Shown(string text) => new([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
