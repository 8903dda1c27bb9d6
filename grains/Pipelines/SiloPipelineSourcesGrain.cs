using Mle.Serving;

namespace Mle.Pipelines;

/// <summary>This silo's door to its <see cref="PipelineSources"/>; placed on the silo its key names.</summary>
[SiloKeyedPlacement, Reentrant]
public sealed class SiloPipelineSourcesGrain(PipelineSources sources) : Grain, ISiloPipelineSourcesGrain
{
    public Task Apply(string tenant, string streamNamespace, SourceReaders readers)
    {
        sources.Apply(tenant, streamNamespace, readers);
        return Task.CompletedTask;
    }
}
