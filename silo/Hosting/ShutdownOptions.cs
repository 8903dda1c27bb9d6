namespace Mle.Silo.Hosting;

/// <summary>
/// <c>Mle:Shutdown</c>: how a silo stops on SIGTERM (Kubernetes, <c>docker stop</c>, <c>local-cluster.sh down</c>).
/// It stops accepting connections, lets the requests in flight finish, then deactivates its grains (each writes its
/// state) and leaves the cluster, all within <see cref="Timeout"/>. Kubernetes' <c>terminationGracePeriodSeconds</c>
/// must be longer, or the pod is killed mid-way.
/// </summary>
public sealed class ShutdownOptions
{
    public const string Section = "Mle:Shutdown";

    /// <summary>
    /// The whole graceful stop: requests in flight, then grain deactivation and leaving the cluster, 30 s by default.
    /// What is still running when it expires is abandoned (as after a crash: acknowledged state is already written).
    /// </summary>
    public TimeSpan Timeout { get; set; } = TimeSpan.FromSeconds(30);
}
