using Azure.Data.Tables;
using Mle.Silo.Hosting.Backends;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Mle.Silo.Hosting;

/// <summary>Every membership backend the silo can run on, by the name <c>Mle:Clustering:Provider</c> gives it.</summary>
internal static class ClusteringProviders
{
    private const string Setting = $"{ClusteringOptions.Section}:{nameof(ClusteringOptions.ConnectionString)}";
    private static readonly RequiredSetting<ClusteringOptions> ConnectionString = new(nameof(ClusteringOptions.ConnectionString), o => o.ConnectionString);

    public static readonly IReadOnlyList<ClusteringProvider> All =
    [
        new(ClusteringOptions.Localhost, MultiSilo: false, [], (silo, options) =>
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId)),
        new(ClusteringOptions.Redis, MultiSilo: true, [ConnectionString], (silo, options) =>
            Networked(silo, options).UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.ConnectionString!)),
            options => [BackendReach.Redis(Setting, options.ConnectionString!)]),
        new(ClusteringOptions.AzureTables, MultiSilo: true, [ConnectionString], (silo, options) =>
            Networked(silo, options).UseAzureStorageClustering(azure => azure.TableServiceClient = new TableServiceClient(options.ConnectionString)),
            options => [BackendReach.AzureTables(Setting, options.ConnectionString!)]),
        new(ClusteringOptions.PostgreSql, MultiSilo: true, [ConnectionString], (silo, options) =>
            Networked(silo, options).UseAdoNetClustering(ado =>
            {
                ado.Invariant = PostgreSqlSchema.Invariant;
                ado.ConnectionString = options.ConnectionString;
            }),
            options => [BackendReach.PostgreSql(Setting, options.ConnectionString!, PostgreSqlSchema.Clustering)]),
    ];

    public static ClusteringProvider? Find(string? name) =>
        All.FirstOrDefault(provider => string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase));

    /// <summary>Identity and endpoints of a silo that other machines reach.</summary>
    private static ISiloBuilder Networked(ISiloBuilder silo, ClusteringOptions options)
    {
        silo.Configure<ClusterOptions>(cluster =>
        {
            cluster.ClusterId = options.ClusterId;
            cluster.ServiceId = options.ServiceId;
        });
        return options.AdvertisedAddress is { } address
            ? silo.ConfigureEndpoints(System.Net.IPAddress.Parse(address), options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true)
            : silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
    }
}
