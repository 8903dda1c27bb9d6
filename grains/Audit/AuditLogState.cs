namespace Mle.Audit;

/// <summary>The persisted audit log of one tenant (grain <see cref="AuditLogGrain"/>): the open head and the sealed segments' index.</summary>
[GenerateSerializer]
public sealed class AuditLogState
{
    [Id(0)] public long NextSequence { get; set; } = 1;
    [Id(1)] public int NextSegment { get; set; }
    [Id(2)] public List<AuditEntry> Head { get; set; } = [];
    [Id(3)] public List<AuditSegmentInfo> Sealed { get; set; } = [];
}

/// <summary>What the log knows of a sealed segment without reading it: its sequence range and time range.</summary>
[GenerateSerializer, Immutable]
public sealed record AuditSegmentInfo(
    [property: Id(0)] int Index,
    [property: Id(1)] long FirstSequence,
    [property: Id(2)] long LastSequence,
    [property: Id(3)] DateTimeOffset FirstTime,
    [property: Id(4)] DateTimeOffset LastTime);
