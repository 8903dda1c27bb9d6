namespace Mle.Endpoints;

/// <summary>
/// One node of an endpoint's graph, as its spec declares it. <see cref="Path"/> is where the node sits in the spec
/// (<c>graph.split.variants[0].node</c>): problems point there, and a split's or a canary's identity (its sticky
/// assignment, its rollback decision, its metrics) is tied to it.
/// </summary>
public abstract record EndpointNode(string Path);

/// <summary><c>{"model": "t@champion"}</c>: score with one model version (an alias or a number; without one, the default version).</summary>
public sealed record ModelNode(string Path, string Model, Naming.VersionSelector Version) : EndpointNode(Path);

/// <summary><c>{"split": {"variants": [...]}}</c>: weighted A/B/n, sticky per entity key.</summary>
public sealed record SplitNode(string Path, IReadOnlyList<SplitVariant> Variants) : EndpointNode(Path);

/// <summary>One arm of a <see cref="SplitNode"/>; weights are percents and add up to 100.</summary>
public sealed record SplitVariant(string Name, double Weight, EndpointNode Node);

/// <summary><c>{"shadow": {"primary": NODE, "candidates": [NODE]}}</c>: candidates score the same rows off the request path.</summary>
public sealed record ShadowNode(string Path, EndpointNode Primary, IReadOnlyList<EndpointNode> Candidates) : EndpointNode(Path);

/// <summary><c>{"canary": {...}}</c>: <see cref="Percent"/> of rows to the candidate until a rollback rule trips.</summary>
public sealed record CanaryNode(string Path, EndpointNode Stable, EndpointNode Candidate, double Percent, RollbackRule Rollback) : EndpointNode(Path);

/// <summary>
/// When a canary's candidate is rolled back: over its sliding window of recent calls, once it has seen at least
/// <see cref="MinRequests"/>, an error rate above <see cref="MaxErrorRate"/> or a p99 latency above <see cref="MaxP99Ms"/>.
/// A threshold left out never trips.
/// </summary>
public sealed record RollbackRule(double? MaxErrorRate, double? MaxP99Ms, int MinRequests);

/// <summary><c>{"ensemble": {...}}</c>: every member scores every row; their <see cref="Output"/> columns are combined.</summary>
public sealed record EnsembleNode(string Path, CombineRule Combine, string Output, IReadOnlyList<EnsembleMember> Members) : EndpointNode(Path);

/// <summary>One member of an <see cref="EnsembleNode"/> (weight 1 unless given).</summary>
public sealed record EnsembleMember(EndpointNode Node, double Weight);

/// <summary>How an ensemble combines its members' outputs.</summary>
public enum CombineRule
{
    /// <summary>The plain mean of the members' numbers (weights ignored).</summary>
    Mean,

    /// <summary>Σ weight·value / Σ weight.</summary>
    WeightedMean,

    /// <summary>The value with the largest total weight; a tie goes to the value of the earliest member among the tied.</summary>
    Vote,
}

/// <summary><c>{"chain": [NODE, NODE]}</c>: each node's outputs are added to (or replace, by name) the next node's inputs.</summary>
public sealed record ChainNode(string Path, IReadOnlyList<EndpointNode> Steps) : EndpointNode(Path);

/// <summary><c>{"segment": {...}}</c>: the first rule whose predicate holds on a row routes it; otherwise the default.</summary>
public sealed record SegmentNode(string Path, IReadOnlyList<SegmentRule> Rules, EndpointNode Default) : EndpointNode(Path);

/// <summary>One rule of a <see cref="SegmentNode"/>: a predicate in the expression language and where it routes.</summary>
public sealed record SegmentRule(string When, EndpointNode Node);

/// <summary><c>{"endpoint": "other"}</c>: another endpoint of the same tenant, with its own enrichment.</summary>
public sealed record NestedEndpointNode(string Path, string Endpoint) : EndpointNode(Path);
