using Mle.Paging;

namespace Mle.Registry;

/// <summary>
/// A registered model (key <c>{tenant}/{model}</c>): description, tags, the list of versions and the aliases.
/// Not on the scoring path: silos read a <see cref="ServingSnapshot"/> into their catalog instead.
/// </summary>
public interface IModelGrain : IGrainWithStringKey
{
    /// <summary>Registers the model name. Throws <c>model_already_exists</c> when it exists.</summary>
    Task<ModelInfo> Create(CreateModel request);

    /// <summary>Throws <c>model_not_found</c> unless the model was created.</summary>
    Task<ModelInfo> Get();

    /// <summary>
    /// Validates and inspects the artifact, stores it content-addressed and adds the next version.
    /// A bad artifact throws and registers nothing.
    /// </summary>
    Task<ModelVersionInfo> RegisterVersion(RegisterVersion request);

    /// <summary>Resolves a number or alias (<c>7</c>, <c>champion</c>) to the version's details.</summary>
    Task<ModelVersionInfo> GetVersion(string versionOrAlias);

    Task<Page<ModelVersionInfo>> ListVersions(PageRequest page);

    /// <summary>Sets or moves an alias. The version must be Ready and not archived.</summary>
    Task<ModelInfo> SetAlias(string alias, int version);

    /// <summary>Removes an alias. Throws <c>alias_not_found</c> when it does not exist.</summary>
    Task<ModelInfo> DeleteAlias(string alias);

    /// <summary>Archives a version: aliases can no longer point at it (those that did are removed).</summary>
    Task<ModelVersionInfo> ArchiveVersion(int version);

    /// <summary>The routing facts every silo caches: aliases and servable versions.</summary>
    Task<ServingSnapshot> GetServingSnapshot();
}
