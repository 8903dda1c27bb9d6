using System.Collections.Concurrent;
using Mle.Errors;

namespace Mle.Pipelines;

/// <summary>
/// Each silo's plans of the pipeline versions it runs: read from the pipeline grain and validated (expressions
/// compiled) once per version, then shared by every batch. A version never changes, so a plan is never stale; a
/// deleted and re-created pipeline is another generation.
/// </summary>
public sealed class PipelinePlans(IGrainFactory grains, PipelineValidator validator, PlatformPipelineCatalog catalog)
{
    private readonly ConcurrentDictionary<(string Pipeline, int Version, long Generation), Lazy<Task<PipelinePlan>>> _plans = new();

    public async Task<PipelinePlan> Get(PipelineRef pipeline, int version, long generation)
    {
        var key = (pipeline.Key, version, generation);
        var entry = _plans.GetOrAdd(key, _ => new Lazy<Task<PipelinePlan>>(() => Load(pipeline, version)));
        try
        {
            return await entry.Value;
        }
        catch
        {
            // A failed load (a feature set or model gone for now) is tried again by the next batch.
            _plans.TryRemove(new KeyValuePair<(string, int, long), Lazy<Task<PipelinePlan>>>(key, entry));
            throw;
        }
    }

    private async Task<PipelinePlan> Load(PipelineRef pipeline, int version)
    {
        var definition = await grains.GetGrain<IPipelineGrain>(pipeline.Key).Version(version);
        var validation = await validator.Validate(definition.Definition, pipeline.Tenant, catalog);
        return validation.Plan ?? throw MleErrors.InvalidPipeline(pipeline.Name, validation.Problems);
    }
}
