namespace Mle.Registry;

/// <summary>
/// What every silo needs to route a request for a model: which version each alias points to and
/// which versions are servable. Replicated to each silo's catalog so that no scoring request calls
/// the model's single grain activation. <see cref="Revision"/> grows with every change.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ServingSnapshot(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Model,
    [property: Id(2)] long Revision,
    [property: Id(3)] IReadOnlyDictionary<string, int> Aliases,
    [property: Id(4)] IReadOnlyDictionary<int, VersionStatus> Versions,
    [property: Id(5)] IReadOnlySet<int> Archived);
