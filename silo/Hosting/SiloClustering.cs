using Orleans.Configuration;

namespace Mle.Silo.Hosting;

internal static class SiloClustering
{
    /// <summary>Membership on the provider <c>Mle:Clustering:Provider</c> names (an unknown name fails the start, see <see cref="ClusteringOptionsValidator"/>).</summary>
    public static ISiloBuilder UseMleClustering(this ISiloBuilder silo, ClusteringOptions options)
    {
        ClusteringProviders.Find(options.Provider)?.Use(silo, options);
        silo.Configure<ClusterMembershipOptions>(membership =>
        {
            membership.ProbeTimeout = options.ProbeTimeout;
            membership.NumMissedProbesLimit = options.MissedProbesLimit;
        });

        // Last, so the pod's identity and addresses win over the provider's.
        if (options.Kubernetes)
        {
            silo.UseKubernetesHosting();
        }

        return silo;
    }
}
