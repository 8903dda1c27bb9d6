using Mle.Features;

namespace Mle.Pipelines;

/// <summary>
/// An event a pipeline could not process: the step it failed in (or <c>source</c>), the error's code and reason, the
/// original event as it was pushed, and the definition version that ran. <see cref="Sequence"/> orders a pipeline's
/// dead letters and is what paging and replay refer to.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineDeadLetter(
    [property: Id(0)] long Sequence,
    [property: Id(1)] string Step,
    [property: Id(2)] string Code,
    [property: Id(3)] string Reason,
    [property: Id(4)] FeatureEvent Event,
    [property: Id(5)] int? Version,
    [property: Id(6)] DateTimeOffset At);
