namespace Mle.Tests.Integration.Infrastructure;

/// <summary>Tests that assert a latency bound: xunit runs this collection with no other test alongside.</summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class LatencyCollection
{
    public const string Name = "Latency";
}
