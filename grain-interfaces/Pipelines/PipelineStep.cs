namespace Mle.Pipelines;

/// <summary>
/// One step of a pipeline. <see cref="After"/> names the steps whose output it takes: null means the step written
/// before it (the source, for the first step); an empty list means the source itself; two or more make it a join.
/// </summary>
[GenerateSerializer, Immutable]
public abstract record PipelineStep([property: Id(0)] string Name, [property: Id(1)] string[]? After)
{
    /// <summary>The step's <c>type</c> in a definition: filter, map, featurize, enrich, score or sink.</summary>
    public abstract string Type { get; }
}

/// <summary>Keeps the records for which <see cref="Expr"/> is true; the rest are counted as filtered.</summary>
[GenerateSerializer, Immutable]
public sealed record FilterStep(string Name, string[]? After, [property: Id(0)] string Expr) : PipelineStep(Name, After)
{
    public const string TypeName = "filter";

    public override string Type => TypeName;
}

/// <summary>
/// Sets fields to computed values. Every expression of one step reads the record as it came in, so the order of
/// <see cref="Set"/> does not matter; a later step sees them all.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record MapStep(string Name, string[]? After, [property: Id(0)] FieldAssignment[] Set) : PipelineStep(Name, After)
{
    public const string TypeName = "map";

    public override string Type => TypeName;
}

/// <summary><c>"C": "A + B"</c> in a map step's <c>set</c>.</summary>
[GenerateSerializer, Immutable]
public sealed record FieldAssignment([property: Id(0)] string Field, [property: Id(1)] string Expr);

/// <summary>Applies each record to the feature set's entity named by the record's <see cref="Entity"/> field; the record passes on unchanged.</summary>
[GenerateSerializer, Immutable]
public sealed record FeaturizeStep(string Name, string[]? After, [property: Id(0)] string FeatureSet, [property: Id(1)] string Entity)
    : PipelineStep(Name, After)
{
    public const string TypeName = "featurize";

    public override string Type => TypeName;
}

/// <summary>Adds the entity's current <see cref="Features"/> (all of the feature set's when null) to the record, under their own names.</summary>
[GenerateSerializer, Immutable]
public sealed record EnrichStep(string Name, string[]? After, [property: Id(0)] string FeatureSet, [property: Id(1)] string Entity, [property: Id(2)] string[]? Features)
    : PipelineStep(Name, After)
{
    public const string TypeName = "enrich";

    public override string Type => TypeName;
}

/// <summary>
/// Scores each record with <see cref="Model"/> (<c>name</c>, <c>name@alias</c> or <c>name@version</c>), reading the
/// model's inputs from the record's fields by name, and adds the model's outputs as an object under <see cref="Output"/>.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ScoreStep(string Name, string[]? After, [property: Id(0)] string Model, [property: Id(1)] string Output) : PipelineStep(Name, After)
{
    public const string TypeName = "score";

    /// <summary>Where the outputs go when the definition does not say.</summary>
    public const string DefaultOutput = "prediction";

    public override string Type => TypeName;
}

/// <summary>
/// Sends records out: <see cref="To"/> is <c>webhook</c> (POST to <see cref="Url"/>, retried, at least once),
/// <c>stream</c> (the <see cref="Namespace"/> of the <c>mle</c> provider) or <c>featureSet</c> (written back to
/// <see cref="FeatureSet"/>, keyed by the record's <see cref="Entity"/> field).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SinkStep(
    string Name,
    string[]? After,
    [property: Id(0)] string To,
    [property: Id(1)] string? Url = null,
    [property: Id(2)] string? Namespace = null,
    [property: Id(3)] string? FeatureSet = null,
    [property: Id(4)] string? Entity = null) : PipelineStep(Name, After)
{
    public const string TypeName = "sink";
    public const string Webhook = "webhook";
    public const string Stream = "stream";
    public const string ToFeatureSet = "featureSet";

    public override string Type => TypeName;
}
