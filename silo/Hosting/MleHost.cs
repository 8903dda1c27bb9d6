using Microsoft.Extensions.Options;
using Orleans.Dashboard;
using Mle.Client;
using Mle.Registry;
using Mle.Scoring;
using Mle.Silo.Api;

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
        // The sections that decide which providers are wired are read now; their validators check them on start,
        // before the silo or Kestrel do anything, so a provider is never built from settings that failed.
        var configuration = builder.Configuration;
        var dataPath = configuration.Read<MleOptions>(MleOptions.Section).DataPath;
        var clustering = configuration.Read<ClusteringOptions>(ClusteringOptions.Section);
        var storage = configuration.Read<StorageOptions>(StorageOptions.Section);
        var streams = configuration.Read<StreamsOptions>(StreamsOptions.Section);
        var artifacts = configuration.Read<ArtifactsOptions>(ArtifactsOptions.Section);
        var telemetry = configuration.Read<TelemetryOptions>(TelemetryOptions.Section);
        builder.Services
            .AddValidatedOptions<MleOptions, MleOptionsValidator>(configuration, MleOptions.Section)
            .AddValidatedOptions<ClusteringOptions, ClusteringOptionsValidator>(configuration, ClusteringOptions.Section)
            .AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section)
            .AddValidatedOptions<StreamsOptions, StreamsOptionsValidator>(configuration, StreamsOptions.Section)
            .AddValidatedOptions<ArtifactsOptions, ArtifactsOptionsValidator>(configuration, ArtifactsOptions.Section)
            .AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(configuration, TelemetryOptions.Section)
            .AddHostedService<SettingsGate>();

        builder.UseOrleans(silo => silo
            .UseMleClustering(clustering)
            .UseMleStorage(storage, dataPath)
            .AddMleStreams(streams)
            .AddActivityPropagation()
            .AddDashboard());

        builder.Services.AddMleLimits(builder.Configuration);
        builder.Services.AddMleArtifactStore(artifacts, dataPath);
        builder.Services.AddMleRegistry(builder.Configuration);
        builder.Services.AddMleScoring(builder.Configuration);
        builder.Services.AddMleClientCohosted();
        builder.AddMleTelemetry(telemetry);
        builder.Services.AddMleHealthChecks();
        builder.Services.AddOpenApi();
        builder.Services.AddMleApi();
        return builder;
    }

    public static WebApplication UseMle(this WebApplication app)
    {
        app.UseExceptionHandler();
        app.MapMleHealth();
        app.MapMleTelemetry();
        app.MapOpenApi();
        app.MapOrleansDashboard(routePrefix: DashboardPath).ExcludeFromDescription();
        app.MapMleApi();
        return app;
    }
}
