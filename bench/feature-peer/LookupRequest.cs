namespace Mle.Bench.FeaturePeer;

/// <summary>The platform's lookup body, <c>{"entities": [...], "features": [...], "asOf": null}</c>.</summary>
public sealed record LookupRequest(List<string>? Entities, List<string>? Features, string? AsOf);
