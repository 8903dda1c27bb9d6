namespace Mle.Streams;

/// <summary>A message as its queue handed it out: with the sequence number the queue gave it on arrival.</summary>
[GenerateSerializer, Immutable]
public sealed record MemoryQueueItem([property: Id(0)] long Sequence, [property: Id(1)] MemoryQueueMessage Message);
