using Mle.Naming;

namespace Mle.Pipelines;

/// <summary>A tenant-qualified pipeline name; its <see cref="Key"/> is the <see cref="IPipelineGrain"/> key.</summary>
[GenerateSerializer, Immutable]
public readonly record struct PipelineRef([property: Id(0)] string Tenant, [property: Id(1)] string Name)
{
    public string Key => $"{Tenant}/{Name}";

    /// <summary>The <see cref="IPipelinePartitionGrain"/> key, and the stream id in <c>pipelines</c>, of one of the pipeline's partitions.</summary>
    public string PartitionKey(int partition) => $"{Tenant}/{Name}/{partition}";

    public static PipelineRef Create(string tenant, string name) =>
        new(Names.Require("tenant", tenant), Names.Require("pipeline name", name));

    /// <summary>Parses <c>{tenant}/{name}</c>, or the prefix of a partition key <c>{tenant}/{name}/{partition}</c>.</summary>
    public static PipelineRef ParseKey(string key)
    {
        var parts = key.Split('/', 3);
        if (parts.Length < 2 || parts[0].Length == 0 || parts[1].Length == 0)
        {
            throw new FormatException($"'{key}' is not a pipeline key of the form tenant/name.");
        }
        return new PipelineRef(parts[0], parts[1]);
    }

    public override string ToString() => Key;
}
