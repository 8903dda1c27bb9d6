using Mle.Serving;

namespace Mle.Pipelines;

/// <summary>This silo's door to its <see cref="PipelineAdmissions"/>; placed on the silo its key names.</summary>
[SiloKeyedPlacement, Reentrant]
public sealed class SiloPipelineAdmissionsGrain(PipelineAdmissions admissions) : Grain, ISiloPipelineAdmissionsGrain
{
    public Task<LeaseReturn> Revoke(string pipeline, long epoch) => Task.FromResult(admissions.Revoke(pipeline, epoch));
}
