namespace Mle.Security;

/// <summary>What an operation needs; <see cref="Roles.Allows"/> says which roles have it.</summary>
[System.Diagnostics.CodeAnalysis.SuppressMessage("Naming", "CA1711", Justification = "The domain's word; no System.Security permission type is meant.")]
public enum Permission
{
    /// <summary>Read the registry (models, versions, aliases, artifacts).</summary>
    Read = 0,

    /// <summary>Score rows, and read the serving metadata scoring needs (schema, readiness).</summary>
    Score = 1,

    /// <summary>Register models and upload versions.</summary>
    Register = 2,

    /// <summary>Deploy: set and delete aliases, archive versions.</summary>
    Deploy = 3,

    /// <summary>Create, list and revoke API keys.</summary>
    ManageKeys = 4,

    /// <summary>Read the tenant's audit log.</summary>
    ReadAudit = 5,

    /// <summary>Create and evolve feature sets.</summary>
    DefineFeatures = 6,

    /// <summary>Push events into feature sets (REST, SDK).</summary>
    PushFeatures = 7,

    /// <summary>Look up entities' features, now or as of a past time.</summary>
    LookupFeatures = 8,

    /// <summary>Create pipelines and add versions of their definitions.</summary>
    DefinePipelines = 9,

    /// <summary>Deploy, pause, resume, stop and delete pipelines, and replay their dead letters.</summary>
    ControlPipelines = 10,

    /// <summary>Push events into pipelines (REST, SDK).</summary>
    PushPipelineEvents = 11,

    /// <summary>Build point-in-time training sets and store them as datasets.</summary>
    BuildDatasets = 12,
}
