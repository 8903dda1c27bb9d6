namespace Mle.Endpoints;

/// <summary>
/// What an endpoint's grain pushes to every silo's catalog: the endpoint as it now is, or null when it was deleted,
/// at <see cref="Revision"/> (a silo ignores a change older than what it holds).
/// </summary>
[GenerateSerializer, Immutable]
public sealed record EndpointChange(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] long Revision,
    [property: Id(3)] EndpointInfo? Endpoint);
