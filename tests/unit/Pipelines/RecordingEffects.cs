using Mle.Errors;
using Mle.Pipelines;
using Mle.Pipelines.Execution;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>
/// The platform as a pipeline's steps see it, kept in memory: every call recorded with its records; features and
/// scores computed from the records; any record whose id is in <see cref="Poison"/> fails the call it is in.
/// </summary>
internal sealed class RecordingEffects : IStepEffects
{
    public List<(string Step, string[] Ids)> Calls { get; } = [];

    public List<(int Version, PipelineRecord[] Records)> Delivered { get; } = [];

    public HashSet<string> Poison { get; } = [];

    public bool SinkFails { get; set; }

    public Task Featurize(FeaturizeStep step, IReadOnlyList<PipelineRecord> records)
    {
        Record(step.Name, records);
        return Task.CompletedTask;
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Enrich(EnrichStep step, IReadOnlyList<PipelineRecord> records)
    {
        Record(step.Name, records);
        return Task.FromResult<IReadOnlyList<IReadOnlyDictionary<string, object?>>>(
            [.. records.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["amount_avg_10m"] = 10.0 })]);
    }

    public Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Score(ScoreStep step, IReadOnlyList<PipelineRecord> records)
    {
        Record(step.Name, records);
        return Task.FromResult<IReadOnlyList<IReadOnlyDictionary<string, object?>>>([.. records.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?>
        {
            ["PredictedLabel"] = true,
            ["Probability"] = 0.75f,
            ["Score"] = (float)((double)r.Fields["A"]! + (double)r.Fields["B"]!),
        })]);
    }

    public Task Sink(SinkStep step, int version, IReadOnlyList<PipelineRecord> records)
    {
        Record(step.Name, records);
        if (SinkFails)
        {
            throw new MleException(ErrorCodes.SinkFailed, "The receiver is down.");
        }
        Delivered.Add((version, [.. records]));
        return Task.CompletedTask;
    }

    private void Record(string step, IReadOnlyList<PipelineRecord> records)
    {
        Calls.Add((step, [.. records.Select(r => r.Id)]));
        if (records.FirstOrDefault(r => Poison.Contains(r.Id)) is { } poison)
        {
            throw new SchemaMismatchException($"Event '{poison.Id}' is poison.", "A");
        }
    }
}
