using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Mle.Client;
using Mle.Endpoints;
using Mle.Features;
using Mle.Pipelines;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Mle.Silo.Api;
using Mle.Silo.Api.Endpoints;
using Mle.Silo.Audit;
using Mle.Silo.Hosting.Backends;
using Mle.Silo.Limits;
using Mle.Silo.Notifications;
using Mle.Silo.Security;

namespace Mle.Silo.Hosting;

/// <summary>
/// The composition of the silo host, one capability a line. <c>Program.cs</c> runs it, and the
/// integration tests start the very same application in-process.
/// </summary>
public static class MleHost
{
    public const string DashboardPath = "/dashboard";

    /// <summary>
    /// A builder with every capability registered. A <c>Mle:*</c> value that does not convert throws
    /// <see cref="OptionsValidationException"/> here; every other invalid setting fails the start with one.
    /// </summary>
    public static WebApplicationBuilder CreateBuilder(string[] args) => WebApplication.CreateBuilder(args).AddMle();

    /// <summary>Builds the application and maps every endpoint.</summary>
    public static WebApplication Build(WebApplicationBuilder builder) => builder.Build().UseMle();

    public static WebApplicationBuilder AddMle(this WebApplicationBuilder builder)
    {
        var settings = HostSettings.Read(builder.Configuration);
        HostSettings.AddMleSettings(builder.Services, builder.Configuration);
        builder.Services.AddMleBackendGate(settings);

        builder.UseOrleans(silo => silo
            .UseMleClustering(settings.Clustering)
            .UseMleStorage(settings.Storage, settings.DataPath)
            .AddMleStreams(settings.Streams)
            .UseMleTls(builder.Configuration)
            .AddActivityPropagation()
            .AddDashboard(dashboard => dashboard.CounterUpdateIntervalMs = (int)settings.Telemetry.DashboardSampleInterval.TotalMilliseconds));

        builder.Services.AddMleSecurity(builder.Configuration);
        builder.Services.AddMleLimits(builder.Configuration);
        builder.Services.AddMleKeyLimits();
        builder.Services.AddMleAudit(builder.Configuration);
        builder.Services.AddMleNotifications(builder.Configuration);
        builder.Services.AddMleArtifactStore(settings.Artifacts, settings.DataPath);
        builder.Services.AddMleServing(builder.Configuration);
        builder.Services.AddMleRegistry(builder.Configuration);
        builder.Services.AddMleScoring(builder.Configuration);
        builder.Services.AddMleFeatures(builder.Configuration);
        builder.Services.AddMlePipelines(builder.Configuration);
        builder.Services.AddMleEndpoints(builder.Configuration);
        builder.Services.AddHostedService<CanaryRollbackAudit>();
        builder.Services.AddMleClientCohosted();
        builder.AddMleTelemetry(settings.Telemetry);
        builder.Services.AddMleHealthChecks();
        builder.Services.AddMleGracefulShutdown();
        builder.Services.AddOpenApi();
        builder.Services.AddMleApi();
        return builder;
    }

    public static WebApplication UseMle(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.UseMleNotifications();
        app.UseGatewayAuthentication();
        app.UseMleKeyLimits();
        app.UseMleAudit();
        app.UseGatewayAuthorization();
        app.MapMleHealth();
        app.MapMleTelemetry();
        app.MapOpenApi();
        app.MapDashboardSignIn();
        app.MapOrleansDashboard(routePrefix: DashboardPath).ExcludeFromDescription().RequireAuthorization(InstallationAdmin.DashboardPolicy);
        app.MapMleApi();
        return app;
    }
}
