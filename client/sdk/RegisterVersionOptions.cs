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

    /// <summary>
    /// Makes the registration safe to retry: a second call with the same key and the same bytes returns the
    /// version the first registered instead of adding one; with other bytes it throws
    /// <see cref="Errors.IdempotencyKeyReusedException"/>. The silo remembers a model's last 1,000 keys for
    /// 24 hours by default (<c>Mle:Limits:MaxIdempotencyKeys</c>, <c>IdempotencyKeyRetention</c>). 1 to 128
    /// printable ASCII characters, e.g. a GUID or a training run id.
    /// </summary>
    public string? IdempotencyKey { get; init; }
}
