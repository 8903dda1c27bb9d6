namespace Mle.Pipelines;

/// <summary>
/// What a pipeline is now: its latest definition version, its lifecycle state, the version it runs (null before its
/// first deploy), why it failed, and the commands its state allows.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record PipelineInfo(
    [property: Id(0)] string Tenant,
    [property: Id(1)] string Name,
    [property: Id(2)] int LatestVersion,
    [property: Id(3)] PipelineState State,
    [property: Id(4)] int? DeployedVersion,
    [property: Id(5)] string? FailureReason,
    [property: Id(6)] IReadOnlyList<string> AllowedCommands,
    [property: Id(7)] string SourceType,
    [property: Id(8)] DateTimeOffset CreatedAt,
    [property: Id(9)] DateTimeOffset UpdatedAt)
{
    public string Key => $"{Tenant}/{Name}";
}
