using Mle.Errors;
using Mle.Features;

namespace Mle.Pipelines.Execution;

/// <summary>
/// Runs one batch of events through a pipeline's plan: every step in topological order, each on the records its inputs
/// passed on (a join on the records of the same event that reached every one of its inputs). Filter and map steps
/// evaluate their compiled expressions per record; featurize, enrich, score and sink steps make one call per batch
/// through <see cref="IStepEffects"/>. A record that fails a step is dead-lettered with the step, the reason and the
/// original event, and goes no further; the others carry on. When a featurize, enrich or score call fails for the
/// batch, each record is tried alone, so one poison event does not take its batch with it; a sink's failure is its
/// destination's, so its whole batch is dead-lettered (after the sink's own retries).
/// </summary>
public sealed class PipelineProcessor(TimeProvider time)
{
    public async Task<BatchOutcome> Run(PipelinePlan plan, int version, IReadOnlyList<FeatureEvent> events, IStepEffects effects)
    {
        var source = events.Select(PipelineRecord.Of).ToList();
        var outputs = new Dictionary<string, IReadOnlyList<PipelineRecord>>(StringComparer.Ordinal);
        var counters = new Dictionary<string, StepTally>(StringComparer.Ordinal);
        var deadLetters = new List<PipelineDeadLetter>();
        foreach (var step in plan.Steps)
        {
            var input = step.ReadsSource ? source : step.IsJoin ? Join(step, outputs) : outputs[step.Inputs[0]];
            var tally = new StepTally { In = input.Count };
            counters[step.Name] = tally;
            var failures = new List<(PipelineRecord Record, Exception Error)>();
            var output = input.Count == 0 ? input : await Run(step, input, version, effects, tally, failures);
            foreach (var (record, error) in failures)
            {
                deadLetters.Add(DeadLetter(step.Name, record.Event, error, version));
            }
            tally.Failed = failures.Count;
            tally.Out = output.Count;
            outputs[step.Name] = output;
        }

        var delivered = plan.Leaves.ToDictionary(s => s.Name, s => outputs[s.Name], StringComparer.Ordinal);
        var now = time.GetUtcNow();
        var latency = new long[LatencyHistogram.Bounds.Count + 1];
        var latencies = new List<double>();
        foreach (var record in delivered.Values.SelectMany(r => r))
        {
            var milliseconds = Math.Max(0, (now - record.Time).TotalMilliseconds);
            latencies.Add(milliseconds);
            latency[LatencyHistogram.Bucket(milliseconds)]++;
        }
        var steps = plan.Steps.Select(s => new StepCounters(s.Name, s.Step.Type, counters[s.Name].ToCounters())).ToList();
        var total = new PipelineCounters(
            events.Count,
            delivered.Values.Sum(r => (long)r.Count),
            steps.Sum(s => s.Counters.Filtered),
            deadLetters.Count,
            deadLetters.Count);
        return new BatchOutcome(new BatchReport(events.Count, total, steps, new LatencyHistogram(latency)), deadLetters, delivered) { Latencies = latencies };
    }

    /// <summary>A dead letter for an event that failed <paramref name="step"/> (or never reached the steps: <c>source</c>).</summary>
    public PipelineDeadLetter DeadLetter(string step, FeatureEvent e, Exception error, int? version) =>
        new(0, step, error is MleException mle ? mle.Code : ErrorCodes.StepFailed, error.Message, e, version, time.GetUtcNow());

    private static async Task<IReadOnlyList<PipelineRecord>> Run(PlannedStep step, IReadOnlyList<PipelineRecord> input, int version, IStepEffects effects,
        StepTally tally, List<(PipelineRecord, Exception)> failures)
    {
        switch (step.Step)
        {
            case FilterStep:
                var kept = new List<PipelineRecord>(input.Count);
                foreach (var record in input)
                {
                    try
                    {
                        if (step.Predicate!.Matches(record.Fields))
                        {
                            kept.Add(record);
                        }
                        else
                        {
                            tally.Filtered++;
                        }
                    }
                    catch (ExpressionEvaluationException error)
                    {
                        failures.Add((record, error));
                    }
                }
                return kept;
            case MapStep:
                var mapped = new List<PipelineRecord>(input.Count);
                foreach (var record in input)
                {
                    try
                    {
                        // Every expression reads the record as it came in; the assignments land together.
                        var added = step.Computed.Select(c => KeyValuePair.Create(c.Field, c.Expression.Evaluate(record.Fields))).ToList();
                        mapped.Add(record.With(added));
                    }
                    catch (ExpressionEvaluationException error)
                    {
                        failures.Add((record, error));
                    }
                }
                return mapped;
            case FeaturizeStep featurize:
                return await Isolated(input, failures, async batch =>
                {
                    await effects.Featurize(featurize, batch);
                    return batch;
                });
            case EnrichStep enrich:
                return await Isolated(input, failures, async batch =>
                {
                    var features = await effects.Enrich(enrich, batch);
                    return batch.Select((r, i) => r.With(features[i])).ToList();
                });
            case ScoreStep score:
                return await Isolated(input, failures, async batch =>
                {
                    var scores = await effects.Score(score, batch);
                    return batch.Select((r, i) => r.With([KeyValuePair.Create<string, object?>(score.Output, scores[i])])).ToList();
                });
            case SinkStep sink:
                try
                {
                    await effects.Sink(sink, version, input);
                    return input;
                }
                catch (Exception error) when (error is not OperationCanceledException)
                {
                    failures.AddRange(input.Select(r => (r, error)));
                    return [];
                }
            default:
                throw new NotSupportedException($"Step type '{step.Step.Type}' cannot run.");
        }
    }

    /// <summary>The batch in one call; when that fails, each record alone, so only the records that fail alone fail.</summary>
    private static async Task<IReadOnlyList<PipelineRecord>> Isolated(IReadOnlyList<PipelineRecord> input, List<(PipelineRecord, Exception)> failures,
        Func<IReadOnlyList<PipelineRecord>, Task<IReadOnlyList<PipelineRecord>>> call)
    {
        try
        {
            return await call(input);
        }
        catch (Exception error) when (error is not OperationCanceledException)
        {
            if (input.Count == 1)
            {
                failures.Add((input[0], error));
                return [];
            }
        }
        var passed = new List<PipelineRecord>(input.Count);
        foreach (var record in input)
        {
            try
            {
                passed.AddRange(await call([record]));
            }
            catch (Exception error) when (error is not OperationCanceledException)
            {
                failures.Add((record, error));
            }
        }
        return passed;
    }

    /// <summary>The records of the events that reached every input of a join, merged in input order (later inputs' fields win).</summary>
    private static List<PipelineRecord> Join(PlannedStep step, Dictionary<string, IReadOnlyList<PipelineRecord>> outputs)
    {
        var byInput = step.Inputs.Select(i => outputs[i].ToDictionary(r => r.Index)).ToList();
        var joined = new List<PipelineRecord>();
        foreach (var first in outputs[step.Inputs[0]])
        {
            var merged = first;
            var complete = true;
            foreach (var other in byInput.Skip(1))
            {
                if (!other.TryGetValue(first.Index, out var record))
                {
                    complete = false;
                    break;
                }
                merged = merged.With(record.Fields);
            }
            if (complete)
            {
                joined.Add(merged);
            }
        }
        return joined;
    }

    private sealed class StepTally
    {
        public long In { get; init; }

        public long Out { get; set; }

        public long Filtered { get; set; }

        public long Failed { get; set; }

        public PipelineCounters ToCounters() => new(In, Out, Filtered, Failed, Failed);
    }
}
