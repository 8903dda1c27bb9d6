using Mle.Audit;
using Mle.Security;

namespace Mle.Endpoints;

/// <summary>
/// A serving endpoint (key <c>{tenant}/{name}</c>): its spec's versions, durable, and the canary rollbacks decided
/// for it. No request calls it: every silo serves from its replicated catalog, which this grain keeps current by
/// pushing each change (<see cref="ISiloEndpointCatalogGrain"/>).
/// </summary>
public interface IEndpointGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates <paramref name="spec"/> (the JSON of <c>PUT /api/v1/endpoints/{name}</c>) against the models,
    /// endpoints and feature sets it names and makes it the current version, or throws <c>invalid_endpoint</c> with
    /// every problem (and changes nothing). <c>endpoint_name_taken</c> when a model has this name.
    /// </summary>
    [Requires(Permission.Deploy)]
    [Audited(AuditActions.EndpointPut, "endpoints/{name}")]
    Task<EndpointInfo> Put(string spec);

    /// <summary>The current version, or <c>endpoint_not_found</c>.</summary>
    [Requires(Permission.Read)]
    Task<EndpointInfo> Get();

    /// <summary>The current version, or null: what silos read. Interleaves, so two endpoints being PUT that nest each other never wait on one another.</summary>
    [AlwaysInterleave]
    Task<EndpointInfo?> Find();

    /// <summary>The spec versions kept (<c>Mle:Endpoints:MaxSpecVersions</c>), newest first.</summary>
    [Requires(Permission.Read)]
    Task<IReadOnlyList<EndpointInfo>> Versions();

    /// <summary>Deletes the endpoint (its name is free again; a later PUT continues its version numbers).</summary>
    [Requires(Permission.Deploy)]
    [Audited(AuditActions.EndpointDelete, "endpoints/{name}")]
    Task Delete();

    /// <summary>
    /// A silo's report that canary <paramref name="canaryId"/> crossed its rollback rule. The first report for a canary
    /// of the current spec is the cluster's decision (true: the caller records it in the audit log); later ones are ignored.
    /// </summary>
    Task<bool> ReportRollback(string canaryId, RollbackEvidence evidence);
}
