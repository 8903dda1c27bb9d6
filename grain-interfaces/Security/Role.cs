namespace Mle.Security;

/// <summary>
/// What a caller may do within its tenant. Each role includes the ones before it, except <see cref="Scorer"/>,
/// which only scores (a service account for an application); see <see cref="Roles.Allows"/>.
/// </summary>
public enum Role
{
    /// <summary>Reads the registry: models, versions, aliases, artifacts, model metadata.</summary>
    Viewer = 0,

    /// <summary>Scores (REST, Open Inference Protocol, SDK) and reads what scoring needs; nothing else.</summary>
    Scorer = 1,

    /// <summary>A viewer and scorer who also registers models and uploads versions.</summary>
    Scientist = 2,

    /// <summary>A scientist who also deploys: moves and deletes aliases, archives versions.</summary>
    Operator = 3,

    /// <summary>An operator who also creates, lists and revokes the tenant's API keys and reads its audit log.</summary>
    Admin = 4,
}
