namespace Mle.Endpoints;

/// <summary>The persisted state of one endpoint (grain <see cref="EndpointGrain"/>).</summary>
[GenerateSerializer]
public sealed class EndpointState
{
    /// <summary>The current version; null before the first PUT and after a delete.</summary>
    [Id(0)] public EndpointInfo? Current { get; set; }

    /// <summary>The versions kept, newest first (the current one included).</summary>
    [Id(1)] public List<EndpointInfo> Versions { get; set; } = [];

    /// <summary>The last version number given, so a PUT after a delete does not reuse one.</summary>
    [Id(2)] public long LastVersion { get; set; }

    /// <summary>Grows with every change, deletes included.</summary>
    [Id(3)] public long Revision { get; set; }
}
