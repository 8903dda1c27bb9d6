using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>Reads the registry from its grains: a model's snapshot from its model grain, a version from its version grain.</summary>
public sealed class GrainRegistryReader(IGrainFactory grains) : IRegistryReader
{
    /// <inheritdoc />
    public Task<ServingSnapshot> ReadSnapshot(ModelRef model) =>
        grains.GetGrain<IModelGrain>(model.Key).GetServingSnapshot();

    /// <inheritdoc />
    public Task<ModelVersionInfo> ReadVersion(ModelVersionRef version) =>
        grains.GetGrain<IModelVersionGrain>(version.Key).Get();
}
