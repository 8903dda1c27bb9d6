namespace Mle.Endpoints;

/// <summary>
/// An endpoint's spec, as <c>PUT /api/v1/endpoints/{name}</c> takes it (read by <see cref="EndpointSpecReader"/>):
/// the graph that decides which models score and how their outputs combine, the entity key that makes split
/// assignment sticky, the features looked up for every row, and dynamic batching.
/// </summary>
public sealed record EndpointSpec(
    string? Description,
    string? EntityKey,
    EndpointNode Graph,
    IReadOnlyList<FeatureEnrichment> Enrich,
    BatchingSpec? Batching);

/// <summary>
/// <c>{"featureSet": "card", "entity": "cardId", "features": [...], "missing": "fail" | "default", "default": 0}</c>:
/// the features of the entity a row names in <see cref="Entity"/>, added to the row under their own names.
/// </summary>
public sealed record FeatureEnrichment(
    string Path,
    string FeatureSet,
    string Entity,
    IReadOnlyList<string> Features,
    MissingFeaturePolicy Missing,
    object? Default);

/// <summary>What enrichment does about a feature with no value (never set, null, or older than its max age).</summary>
public enum MissingFeaturePolicy
{
    /// <summary>The request fails with <c>missing_feature</c>, naming the entity and the feature.</summary>
    Fail,

    /// <summary>The row gets the declared default instead.</summary>
    Default,
}

/// <summary>Dynamic batching (Triton's semantics): requests within <see cref="MaxQueueDelayMs"/> scored together, up to <see cref="MaxBatchSize"/> rows.</summary>
public sealed record BatchingSpec(int MaxBatchSize, double MaxQueueDelayMs);
