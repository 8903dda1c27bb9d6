using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// Where a <see cref="ModelCatalog"/> reads the registry from. In a silo and in the SDK it is the model and
/// version grains (<see cref="GrainRegistryReader"/>); a test can put a slow or failing registry behind a catalog.
/// </summary>
public interface IRegistryReader
{
    /// <summary>The model's routing facts. Throws <c>model_not_found</c> when the model does not exist.</summary>
    Task<ServingSnapshot> ReadSnapshot(ModelRef model);

    /// <summary>One version's details (immutable once Ready).</summary>
    Task<ModelVersionInfo> ReadVersion(ModelVersionRef version);
}
