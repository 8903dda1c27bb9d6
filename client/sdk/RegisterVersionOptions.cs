using Mle.Registry;

namespace Mle.Client;

/// <summary>Optional facts recorded with a new version.</summary>
public sealed record RegisterVersionOptions
{
    /// <summary>The artifact's flavor; detected from the bytes when null.</summary>
    public ModelFlavor? Flavor { get; init; }

    /// <summary>What this version is, for people browsing the registry.</summary>
    public string? Description { get; init; }

    /// <summary>Evaluation metrics, e.g. <c>auc</c>, <c>f1</c>.</summary>
    public IReadOnlyDictionary<string, double>? Metrics { get; init; }

    /// <summary>Free-form labels, e.g. <c>team=fraud</c>.</summary>
    public IReadOnlyDictionary<string, string>? Tags { get; init; }

    /// <summary>The run, dataset and parameters that produced the artifact.</summary>
    public Lineage? Lineage { get; init; }
}
