namespace Mle.Features.TrainingSets;

/// <summary>
/// Where a training set's rows go, one chunk at a time (see <see cref="TrainingSetBuilder"/>): the same rows as CSV
/// (<see cref="CsvTrainingSetOutput"/>) or Parquet (<see cref="ParquetTrainingSetOutput"/>). Only one chunk is held.
/// </summary>
public interface ITrainingSetOutput
{
    /// <summary>
    /// Adds a row: its input <paramref name="cells"/> (as read), its parsed <paramref name="time"/>, and one cell per
    /// feature of the plan, in plan order. The output copies what it keeps: the caller reuses <paramref name="features"/>.
    /// </summary>
    void Add(IReadOnlyList<string?> cells, DateTimeOffset time, ReadOnlySpan<TrainingCell> features);

    /// <summary>Writes the rows added since the last call out, and forgets them.</summary>
    Task EndChunk(CancellationToken cancellationToken);

    /// <summary>Ends the output after the last chunk (a format's footer).</summary>
    Task Complete(CancellationToken cancellationToken);
}
