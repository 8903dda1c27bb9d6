namespace Mle.Registry;

/// <summary>Pending while the artifact is stored and inspected; Ready (immutable from then on) or Failed.</summary>
public enum VersionStatus
{
    Pending = 0,
    Ready = 1,
    Failed = 2,
}
