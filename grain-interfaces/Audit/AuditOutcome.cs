namespace Mle.Audit;

/// <summary>How an audited attempt ended.</summary>
public enum AuditOutcome
{
    /// <summary>
    /// Not known: the attempt was recorded before it ran, and its end never was (the caller went away mid-change, or
    /// the outcome could not be written). The change may have taken effect.
    /// </summary>
    Unknown = 0,

    /// <summary>The change was made.</summary>
    Succeeded = 1,

    /// <summary>The caller was not allowed to try (role, tenant, rate limit); nothing changed.</summary>
    Refused = 2,

    /// <summary>The caller was allowed but the change was not made (bad input, conflict, not found, a fault).</summary>
    Failed = 3,
}
