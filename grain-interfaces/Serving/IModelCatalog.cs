using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// A local, replicated read model of the registry: which version an alias points to and each
/// version's details. Every request resolves here, never at the model's single grain activation.
/// Version details are immutable once Ready and cached without expiry (bounded, least recently used);
/// a model's <see cref="ServingSnapshot"/> is refreshed on a bounded interval and invalidated by push.
/// </summary>
public interface IModelCatalog
{
    /// <summary>
    /// Resolves <paramref name="selector"/> to a servable version: Ready, and through an alias never archived.
    /// Throws the registry's typed errors (<c>model_not_found</c>, <c>alias_not_found</c>, <c>version_not_ready</c>, ...).
    /// </summary>
    ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default);

    /// <summary>Drops what is cached for <paramref name="model"/>, so the next request reads it afresh.</summary>
    void Invalidate(ModelRef model);
}
