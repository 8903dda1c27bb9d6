using Mle.Audit;
using Mle.Features;
using Mle.Security;

namespace Mle.Pipelines;

/// <summary>
/// The front door of pipelines' input on each silo (a stateless worker, key 0), for REST and the SDK alike: admits a
/// push against the pipeline's in-flight bound, then puts its events on the pipeline's input streams, spread over
/// its partitions by entity (by id without one). It returns once the stream has accepted them: the source's guarantee.
/// </summary>
public interface IPipelineInputGrain : IGrainWithIntegerKey
{
    /// <summary>
    /// Pushes events into <paramref name="pipeline"/> (<c>{tenant}/{name}</c>). Every event needs an id; 409 unless the
    /// pipeline runs or is paused (then they are kept for resume); 429 beyond <c>Mle:Pipelines:MaxInFlightEvents</c>.
    /// </summary>
    [Requires(Permission.PushPipelineEvents, NameArgument = 0)]
    Task<Admission> Push(string pipeline, IReadOnlyList<FeatureEvent> events);

    /// <summary>Puts up to <paramref name="max"/> of the pipeline's oldest dead letters back on its input; how many it did.</summary>
    [Requires(Permission.ControlPipelines, NameArgument = 0)]
    [Audited(AuditActions.PipelineReplay, "pipelines/{name}")]
    Task<int> Replay(string pipeline, int max);
}
