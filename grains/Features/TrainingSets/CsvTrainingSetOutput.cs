namespace Mle.Features.TrainingSets;

/// <summary>
/// A training set as CSV (RFC 4180, UTF-8): a header of the plan's output columns, then per row the input cells as
/// read and each feature's value (<see cref="DatasetCells"/>), followed by its status when the plan asks for it.
/// </summary>
public sealed class CsvTrainingSetOutput : ITrainingSetOutput
{
    private readonly TrainingSetPlan _plan;
    private readonly Stream _output;
    private readonly CsvRecordWriter _writer = new();
    private readonly string?[] _record;

    public CsvTrainingSetOutput(TrainingSetPlan plan, Stream output)
    {
        _plan = plan;
        _output = output;
        _record = new string?[plan.OutputColumns.Count];
        _writer.Write(plan.OutputColumns);
    }

    public void Add(IReadOnlyList<string?> cells, DateTimeOffset time, ReadOnlySpan<TrainingCell> features)
    {
        var column = 0;
        for (; column < _plan.InputColumns.Count; column++)
        {
            _record[column] = cells[column];
        }
        foreach (var cell in features)
        {
            _record[column++] = DatasetCells.Format(cell.Value);
            if (_plan.IncludeStatus)
            {
                _record[column++] = TrainingCellStatuses.Name(cell.Status);
            }
        }
        _writer.Write(_record);
    }

    public Task EndChunk(CancellationToken cancellationToken) => _writer.FlushTo(_output, cancellationToken);

    public Task Complete(CancellationToken cancellationToken) => _writer.FlushTo(_output, cancellationToken);
}
