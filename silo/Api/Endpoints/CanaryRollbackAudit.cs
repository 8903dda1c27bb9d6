using Mle.Audit;
using Mle.Endpoints;
using Mle.Security;
using Mle.Silo.Audit;

namespace Mle.Silo.Api.Endpoints;

/// <summary>
/// Carries this silo's canary rollbacks to the endpoint's grain, which decides for the cluster; the silo whose report
/// decided records it in the tenant's audit log as <c>endpoint.rollback</c> by the actor <c>system</c>, with the
/// window's numbers in the resource (<c>endpoints/{name}/canaries/{path}?errorRate=..&amp;p99Ms=..&amp;requests=..</c>),
/// so it reaches the notifications like any audited change.
/// </summary>
public sealed partial class CanaryRollbackAudit(CanaryBoard canaries, IGrainFactory grains, AuditTrail trail, ILogger<CanaryRollbackAudit> logger)
    : IHostedService
{
    /// <summary>The actor of changes the platform makes by itself.</summary>
    public const string SystemActor = "system";

    public Task StartAsync(CancellationToken cancellationToken)
    {
        canaries.RolledBack = (tenant, endpoint, canaryId, evidence) => _ = Report(tenant, endpoint, canaryId, evidence);
        return Task.CompletedTask;
    }

    public Task StopAsync(CancellationToken cancellationToken)
    {
        canaries.RolledBack = null;
        return Task.CompletedTask;
    }

    private async Task Report(string tenant, string endpoint, string canaryId, RollbackEvidence evidence)
    {
        try
        {
            if (!await grains.GetGrain<IEndpointGrain>($"{tenant}/{endpoint}").ReportRollback(canaryId, evidence))
            {
                return;
            }
            LogRolledBack(logger, tenant, endpoint, evidence.Canary, evidence.Reason);
            var resource = string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"endpoints/{endpoint}/canaries/{evidence.Canary}?errorRate={evidence.ErrorRate:0.####}&p99Ms={evidence.P99Ms:0.###}&requests={evidence.Requests}&errors={evidence.Errors}");
            var draft = trail.Draft(new Caller(tenant, Role.Admin, SystemActor), SystemActor, AuditActions.EndpointRollback, resource, SystemActor, null, null);
            await trail.Record(draft, new AuditCompletion(AuditOutcome.Succeeded, StatusCodes.Status200OK, null));
        }
        catch (Exception error)
        {
            // The silo already stopped sending rows to the candidate; the grain's decision is retried by the next trip elsewhere.
            LogReportFailed(logger, error, tenant, endpoint, evidence.Canary);
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Tenant}/{Endpoint}: canary at {Canary} rolled back: {Reason}")]
    private static partial void LogRolledBack(ILogger logger, string tenant, string endpoint, string canary, string reason);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Endpoint {Tenant}/{Endpoint}: the rollback of the canary at {Canary} could not be reported")]
    private static partial void LogReportFailed(ILogger logger, Exception error, string tenant, string endpoint, string canary);
}
