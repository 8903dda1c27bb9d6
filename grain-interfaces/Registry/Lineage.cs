namespace Mle.Registry;

/// <summary>Where a version came from: the run that produced it, the dataset, the training parameters.</summary>
[GenerateSerializer, Immutable]
public sealed record Lineage(
    [property: Id(0)] string? RunId,
    [property: Id(1)] string? Dataset,
    [property: Id(2)] IReadOnlyDictionary<string, string> Parameters)
{
    public static readonly Lineage None = new(null, null, new Dictionary<string, string>());
}
