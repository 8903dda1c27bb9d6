using Mle.Schema;

namespace Mle.Endpoints;

/// <summary>
/// A column a request to an endpoint carries: what its models need that no enrichment or earlier chain step gives,
/// and, <see cref="Optional"/>, the entity key and the enrichments' entity columns (a row without them is assigned
/// at random, or enriched by its policy).
/// </summary>
public sealed record EndpointInput(ColumnSchema Column, bool Optional);
