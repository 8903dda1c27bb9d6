namespace Mle.Endpoints;

/// <summary>The persisted list of one tenant's endpoints (grain <see cref="EndpointDirectoryGrain"/>).</summary>
[GenerateSerializer]
public sealed class EndpointDirectoryState
{
    [Id(0)] public Dictionary<string, EndpointInfo> Endpoints { get; set; } = [];
}
