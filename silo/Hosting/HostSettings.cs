namespace Mle.Silo.Hosting;

/// <summary>
/// The <c>Mle:*</c> sections that decide which providers the host wires, read while it is being built. Their
/// validators check them on start (<see cref="AddMleSettings"/>), before the silo or Kestrel do anything, so a
/// provider is never built from settings that failed.
/// </summary>
internal sealed record HostSettings(
    string DataPath,
    ClusteringOptions Clustering,
    StorageOptions Storage,
    StreamsOptions Streams,
    ArtifactsOptions Artifacts,
    TelemetryOptions Telemetry)
{
    public static HostSettings Read(IConfiguration configuration) => new(
        configuration.Read<MleOptions>(MleOptions.Section).DataPath,
        configuration.Read<ClusteringOptions>(ClusteringOptions.Section),
        configuration.Read<StorageOptions>(StorageOptions.Section),
        configuration.Read<StreamsOptions>(StreamsOptions.Section),
        configuration.Read<ArtifactsOptions>(ArtifactsOptions.Section),
        configuration.Read<TelemetryOptions>(TelemetryOptions.Section));

    /// <summary>Registers every section with its validator, and runs the validators ahead of the silo (<see cref="SettingsGate"/>).</summary>
    public static IServiceCollection AddMleSettings(IServiceCollection services, IConfiguration configuration) => services
        .AddValidatedOptions<MleOptions, MleOptionsValidator>(configuration, MleOptions.Section)
        .AddValidatedOptions<ClusteringOptions, ClusteringOptionsValidator>(configuration, ClusteringOptions.Section)
        .AddValidatedOptions<StorageOptions, StorageOptionsValidator>(configuration, StorageOptions.Section)
        .AddValidatedOptions<StreamsOptions, StreamsOptionsValidator>(configuration, StreamsOptions.Section)
        .AddValidatedOptions<ArtifactsOptions, ArtifactsOptionsValidator>(configuration, ArtifactsOptions.Section)
        .AddValidatedOptions<TelemetryOptions, TelemetryOptionsValidator>(configuration, TelemetryOptions.Section)
        .AddValidatedOptions<ShutdownOptions, ShutdownOptionsValidator>(configuration, ShutdownOptions.Section)
        .AddValidatedOptions<StartupOptions, StartupOptionsValidator>(configuration, StartupOptions.Section)
        .AddHostedService<SettingsGate>();
}
