namespace Mle.Features.TrainingSets;

/// <summary>
/// The entity rows a training set is built from: named <see cref="Columns"/> and the rows, read once, in order, as
/// they arrive (a CSV upload or a stored dataset streams; inline JSON rows are already in memory). A cell is text,
/// null or empty for none. <see cref="Description"/> says where they came from: <c>json</c>, <c>csv</c>, <c>dataset:{name}</c>.
/// </summary>
public sealed record TrainingInput(IReadOnlyList<string> Columns, IAsyncEnumerable<IReadOnlyList<string?>> Rows, string Description)
{
    /// <summary>Rows already in memory.</summary>
    public static TrainingInput Of(IReadOnlyList<string> columns, IEnumerable<IReadOnlyList<string?>> rows, string description) =>
        new(columns, rows.ToAsyncEnumerable(), description);

    /// <summary>
    /// CSV text whose first record is the header; the rest are rows, each with as many fields as the header (else
    /// <c>invalid_training_set</c> naming the line).
    /// </summary>
    public static async Task<TrainingInput> Csv(TextReader text, string description, CancellationToken cancellationToken)
    {
        var records = new CsvRecords(text);
        var header = await records.Next(cancellationToken).ConfigureAwait(false)
            ?? throw Errors.MleErrors.InvalidTrainingSet("The CSV input is empty; its first line must be the header, e.g. cardId,timestamp,label.", "body");
        return new TrainingInput(header, ReadRows(records, header.Length, cancellationToken), description);
    }

    private static async IAsyncEnumerable<IReadOnlyList<string?>> ReadRows(
        CsvRecords records, int width, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        while (await records.Next(cancellationToken).ConfigureAwait(false) is { } record)
        {
            if (record.Length != width)
            {
                throw Errors.MleErrors.InvalidTrainingSet(
                    $"Line {records.RecordLine} of the CSV input has {record.Length} fields; the header has {width}.", $"line {records.RecordLine}");
            }
            yield return record;
        }
    }
}
