using Azure.Data.Tables;
using Orleans.Configuration;
using StackExchange.Redis;

namespace Mle.Silo.Hosting;

internal static class SiloClustering
{
    /// <summary>Membership by <c>Mle:Clustering</c>: localhost for one process, Redis or Azure Tables for a real cluster.</summary>
    public static ISiloBuilder UseMleClustering(this ISiloBuilder silo, ClusteringOptions options)
    {
        if (ProviderChoice.Is(options.Provider, ClusteringOptions.Localhost))
        {
            silo.UseLocalhostClustering(options.SiloPort, options.GatewayPort, serviceId: options.ServiceId, clusterId: options.ClusterId);
        }
        else
        {
            silo.Configure<ClusterOptions>(cluster =>
            {
                cluster.ClusterId = options.ClusterId;
                cluster.ServiceId = options.ServiceId;
            });
            silo.ConfigureEndpoints(options.SiloPort, options.GatewayPort, listenOnAnyHostAddress: true);
            if (ProviderChoice.Is(options.Provider, ClusteringOptions.Redis))
            {
                silo.UseRedisClustering(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.ConnectionString!));
            }
            else
            {
                silo.UseAzureStorageClustering(azure => azure.TableServiceClient = new TableServiceClient(options.ConnectionString));
            }
        }

        // Last, so the pod's identity and addresses win over the ones above.
        if (options.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }

        return silo;
    }
}
