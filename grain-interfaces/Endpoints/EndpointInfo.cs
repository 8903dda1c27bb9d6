namespace Mle.Endpoints;

/// <summary>
/// One version of an endpoint: its spec as it was accepted (the JSON of <c>PUT /api/v1/endpoints/{name}</c>), its
/// version (1 for the first, +1 for every accepted change) and the canary rollbacks decided for it, by canary id.
/// <see cref="Revision"/> grows with every change of any kind (a new spec, a rollback): silos keep the newest.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EndpointInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] long Version,
    [property: Id(3)] string Spec,
    [property: Id(4)] string? Description,
    [property: Id(5)] DateTimeOffset CreatedAt,
    [property: Id(6)] DateTimeOffset UpdatedAt,
    [property: Id(7)] IReadOnlyDictionary<string, RollbackEvidence> Rollbacks,
    [property: Id(8)] long Revision)
{
    /// <summary>The <see cref="IEndpointGrain"/> key, <c>{tenant}/{name}</c>.</summary>
    public string Key => $"{Tenant}/{Name}";
}
