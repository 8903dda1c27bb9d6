using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Naming;
using Mle.Serving;

namespace Mle.Silo.Api;

/// <summary>What every gateway handler needs, bound with <c>[AsParameters]</c>.</summary>
public sealed record ApiServices(
    IGrainFactory Grains,
    IModelServing Serving,
    IOptions<LimitsOptions> Limits,
    HttpContext Http)
{
    /// <summary>The header that selects a tenant; requests without it use <see cref="Names.DefaultTenant"/>.</summary>
    public const string TenantHeader = "X-Mle-Tenant";

    public string Tenant => Http.Request.Headers.TryGetValue(TenantHeader, out var value) && !string.IsNullOrEmpty(value)
        ? Names.Require("tenant", value.ToString())
        : Names.DefaultTenant;

    public ModelRef Model(string name) => ModelRef.Create(Tenant, name);

    public CancellationToken Aborted => Http.RequestAborted;
}
