namespace Mle.Pipelines;

/// <summary>
/// One record a pipeline's <c>stream</c> sink publishes (stream <c>{namespace}/{tenant}/{pipeline}</c> of the
/// <c>mle</c> provider): the event id (for deduplication: delivery is at least once), its time, the version that
/// produced it and the record's fields (numbers, strings, bools, lists, and nested objects such as a score's output).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineOutput(
    [property: Id(0)] string Pipeline,
    [property: Id(1)] int Version,
    [property: Id(2)] string Id,
    [property: Id(3)] DateTimeOffset Time,
    [property: Id(4)] IReadOnlyDictionary<string, object?> Fields);
