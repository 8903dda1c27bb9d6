namespace Mle.Streams;

/// <summary>
/// What one producer call put on a memory stream queue: the events as objects, not serialized. Inside a silo they go
/// from producer to consumer by reference (the platform's stream items are all immutable; anything else was deep-copied
/// by the adapter before it got here); between silos Orleans serializes them as part of the grain call that carries
/// them, as it does any argument.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MemoryQueueMessage(
    [property: Id(0)] StreamId Stream,
    [property: Id(1)] object[] Events,
    [property: Id(2)] Dictionary<string, object>? RequestContext);
