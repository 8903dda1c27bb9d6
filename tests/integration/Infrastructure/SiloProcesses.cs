namespace Mle.Tests.Integration.Infrastructure;

/// <summary>
/// Tests that run real silo processes (several at once, some with their backend servers) run one at a time, after
/// the parallel tests: on a 2-core machine several of them together starve each other's starts and probes, and a
/// failover window measured under that contention says more about the machine than about the cluster.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class SiloProcesses
{
    public const string Name = "Silo processes";
}
