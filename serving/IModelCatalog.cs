using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// A local, replicated read model of the registry: which version an alias points to and each version's
/// details. Every request resolves here, never at the model's single grain activation. Version details are
/// immutable once Ready and cached without expiry (bounded, least recently used); a model's
/// <see cref="ServingSnapshot"/> is pushed by the registry on every change and re-read on a bounded interval.
/// </summary>
public interface IModelCatalog
{
    /// <summary>
    /// Resolves <paramref name="selector"/> to a servable version by the rules of <see cref="VersionChoice"/>.
    /// Throws the registry's typed errors (<c>model_not_found</c>, <c>alias_not_found</c>, <c>version_not_ready</c>, ...).
    /// </summary>
    ValueTask<ModelVersionInfo> Resolve(ModelRef model, VersionSelector selector, CancellationToken cancellationToken = default);

    /// <summary>The model's current routing facts (aliases, version statuses, archived versions).</summary>
    ValueTask<ServingSnapshot> Snapshot(ModelRef model, CancellationToken cancellationToken = default);

    /// <summary>
    /// Installs a snapshot pushed by the registry for a model this catalog holds, unless it holds a newer revision.
    /// </summary>
    void Apply(ServingSnapshot snapshot);

    /// <summary>
    /// Reads the model's snapshot now and installs it. Only the caller waits (a writer that wants to read its own
    /// write on this catalog); requests go on being served by what is cached meanwhile.
    /// </summary>
    Task Refresh(ModelRef model, CancellationToken cancellationToken = default);
}
