using Mle.Features;

namespace Mle.Pipelines;

/// <summary>
/// One item of a pipeline's input stream (<c>pipelines/{tenant}/{name}/{partition}</c> of the <c>mle</c> provider):
/// the events of one push that fell to that partition, in the order they were pushed. A batch is the unit of
/// processing, of a version switch and of a grain call. <see cref="FromSource"/> marks a batch a source stream
/// delivered: it was never admitted, so it takes nothing off the pipeline's in-flight count.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineEventBatch(
    [property: Id(0)] IReadOnlyList<FeatureEvent> Events,
    [property: Id(1)] DateTimeOffset AcceptedAt,
    [property: Id(2)] bool FromSource = false);
