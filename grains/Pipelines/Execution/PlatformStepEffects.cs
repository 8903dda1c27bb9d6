using Mle.Errors;
using Mle.Features;
using Mle.Naming;
using Mle.Serving;
using Mle.Streams;
using Orleans.Streams;

namespace Mle.Pipelines.Execution;

/// <summary>
/// The steps' effects on the platform, for one pipeline: featurize and feature set sinks push through the
/// <see cref="FeatureMart"/> (validated, then applied in parallel per entity), enrich looks every entity of the batch
/// up at once, score resolves the model through the serving seam (the alias as it is now) and scores the batch in one
/// call, webhooks go through the <see cref="WebhookSender"/>, stream sinks publish to
/// <c>{namespace}/{tenant}/{pipeline}</c> of the <c>mle</c> provider.
/// </summary>
public sealed class PlatformStepEffects(
    PipelineRef pipeline, FeatureMart mart, FeatureSetCatalog featureSets, IModelServing serving, WebhookSender webhooks, IStreamProvider streams)
    : IStepEffects
{
    private const int StreamSinkChunk = 64;

    public Task Featurize(FeaturizeStep step, IReadOnlyList<PipelineRecord> records) => Push(step.FeatureSet, step.Entity, records);

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Enrich(EnrichStep step, IReadOnlyList<PipelineRecord> records)
    {
        var set = FeatureSetRef.Create(pipeline.Tenant, step.FeatureSet);
        var features = step.Features ?? Declared(await featureSets.Get(set));
        var entities = records.Select(r => EventFields.Entity(r, step.Entity)).ToList();
        var result = await mart.Lookup(set, new FeatureLookup([.. entities.Distinct(StringComparer.Ordinal)], features));
        var rows = result.Rows.ToDictionary(r => r.Entity, StringComparer.Ordinal);
        return [.. entities.Select(entity =>
        {
            var row = rows[entity];
            var values = new Dictionary<string, object?>(result.Features.Count, StringComparer.Ordinal);
            for (var i = 0; i < result.Features.Count; i++)
            {
                values[result.Features[i]] = row.Values[i].ToObject();
            }
            return (IReadOnlyDictionary<string, object?>)values;
        })];
    }

    public async Task<IReadOnlyList<IReadOnlyDictionary<string, object?>>> Score(ScoreStep step, IReadOnlyList<PipelineRecord> records)
    {
        var (name, selector) = step.Model.Contains('@', StringComparison.Ordinal)
            ? VersionSelector.ParseQualified(step.Model)
            : (Names.Require("model name", step.Model), VersionSelector.Default);
        var version = await serving.Resolve(ModelRef.Create(pipeline.Tenant, name), selector);
        var schema = version.Schema ?? throw new SchemaMismatchException($"Model '{step.Model}' has no schema to read records by.", null);
        var outputs = await serving.Score(version, RecordColumns.Inputs(schema, records));
        return [.. Enumerable.Range(0, records.Count).Select(row => (IReadOnlyDictionary<string, object?>)RecordColumns.Row(outputs, row))];
    }

    public async Task Sink(SinkStep step, int version, IReadOnlyList<PipelineRecord> records)
    {
        switch (step.To)
        {
            case SinkStep.Webhook:
                await webhooks.Deliver(new Uri(step.Url!), WebhookBody.Write(pipeline.Name, version, records));
                break;
            case SinkStep.Stream:
                var stream = streams.GetStream<PipelineOutput>(StreamId.Create(step.Namespace!, pipeline.Key));
                // One stream message per chunk, not per record (a queue write each); chunks stay well under a queue
                // message's size limit (Azure Queue: 64 KiB). Consumers still see one item at a time, in order.
                foreach (var chunk in records.Chunk(StreamSinkChunk))
                {
                    await stream.OnNextBatchAsync([.. chunk.Select(record => new PipelineOutput(pipeline.Name, version, record.Id, record.Time, record.Fields))]);
                }
                break;
            case SinkStep.ToFeatureSet:
                await Push(step.FeatureSet!, step.Entity!, records);
                break;
            default:
                throw new NotSupportedException($"Sink '{step.To}' is not supported.");
        }
    }

    private static string[] Declared(FeatureSetDefinition definition) =>
        [.. definition.Info.Spec.Features.Select(f => f.Name), .. definition.Info.Spec.Aggregates.Select(a => a.Name)];

    /// <summary>Each record as an event of its entity, carrying the fields the feature set declares as raw features.</summary>
    private async Task Push(string featureSet, string entityField, IReadOnlyList<PipelineRecord> records)
    {
        var set = FeatureSetRef.Create(pipeline.Tenant, featureSet);
        var definition = await featureSets.Get(set);
        var events = records.Select(r => new FeatureEvent(
            r.Id,
            EventFields.Entity(r, entityField),
            r.Time,
            r.Fields.Where(f => definition.Raw.ContainsKey(f.Key)).ToDictionary(f => f.Key, f => EventFields.ToFeatureValue(f.Key, f.Value), StringComparer.Ordinal)))
            .ToList();
        await mart.Push(set, events);
    }
}
