namespace Mle.Tests.Unit.Storage;

/// <summary>A grain state shaped like the registry's: immutable, with read-only collections.</summary>
[GenerateSerializer]
public sealed record SampleState
{
    [Id(0)] public string Name { get; init; } = "";
    [Id(1)] public IReadOnlyDictionary<string, string> Tags { get; init; } = new Dictionary<string, string>();
    [Id(2)] public IReadOnlyList<int> Versions { get; init; } = [];
}
