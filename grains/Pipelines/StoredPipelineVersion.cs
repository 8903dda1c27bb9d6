namespace Mle.Pipelines;

/// <summary>
/// A definition version as stored: the JSON as it was accepted, read again on activation. Storing the text rather
/// than the step records keeps the state plain for every storage backend, JSON ones included.
/// </summary>
[GenerateSerializer]
public sealed record StoredPipelineVersion([property: Id(0)] int Version, [property: Id(1)] string Json, [property: Id(2)] DateTimeOffset CreatedAt);
