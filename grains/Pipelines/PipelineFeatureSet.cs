using Mle.Serving.Expressions;

namespace Mle.Pipelines;

/// <summary>A feature set as a pipeline sees it: its entity key and the types of the features an enrich step can add.</summary>
public sealed record PipelineFeatureSet(string Name, string EntityKey, FieldSchema Features);
