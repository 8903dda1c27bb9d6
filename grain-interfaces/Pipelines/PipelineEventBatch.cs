using Mle.Features;

namespace Mle.Pipelines;

/// <summary>
/// One item of a pipeline's input stream (<c>pipelines/{tenant}/{name}/{partition}</c> of the <c>mle</c> provider):
/// the events of one push that fell to that partition, in the order they were pushed. A batch is the unit of
/// processing, of a version switch and of a grain call.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineEventBatch([property: Id(0)] IReadOnlyList<FeatureEvent> Events, [property: Id(1)] DateTimeOffset AcceptedAt);
