using System.Diagnostics.CodeAnalysis;

namespace Mle.Security;

/// <summary>The one table of which role has which permission, and the roles' names on the wire.</summary>
public static class Roles
{
    /// <summary>
    /// Whether <paramref name="role"/> has <paramref name="permission"/>. A scorer scores and nothing else (it
    /// cannot list models or download artifacts); every other role has what the roles before it have.
    /// Setting aliases is deployment (operator), not registration: a scientist proposes versions, an
    /// operator decides which one serves.
    /// Feature mart: every role may look up features (a scorer enriches its rows with them); defining feature sets
    /// and pushing events is a scientist's (and above): the key of a producing application is a scientist key.
    /// Reading feature set definitions is <see cref="Permission.Read"/>, like the registry.
    /// Pipelines: a scientist defines them and pushes events into them; deploying and controlling them (pause, resume,
    /// stop, delete, replaying dead letters) is an operator's, like setting aliases.
    /// </summary>
    public static bool Allows(Role role, Permission permission) => permission switch
    {
        Permission.Score => true,
        Permission.Read => role != Role.Scorer,
        Permission.Register => role >= Role.Scientist,
        Permission.Deploy => role >= Role.Operator,
        Permission.ManageKeys or Permission.ReadAudit => role == Role.Admin,
        Permission.LookupFeatures => true,
        Permission.DefineFeatures or Permission.PushFeatures => role >= Role.Scientist,
        Permission.DefinePipelines or Permission.PushPipelineEvents => role >= Role.Scientist,
        Permission.ControlPipelines => role >= Role.Operator,
        // Issue 7: a scientist registers models, datasets and runs training; reading datasets is Read.
        Permission.BuildDatasets => role >= Role.Scientist,
        _ => false,
    };

    /// <summary>The lower-case name a key, a token claim or a response uses: <c>viewer</c>, <c>scorer</c>, ...</summary>
    public static string Name(Role role) => role.ToString().ToLowerInvariant();

    /// <summary>Parses a role name, case-insensitively; numbers are not role names.</summary>
    public static bool TryParse(string? name, [NotNullWhen(true)] out Role? role)
    {
        role = null;
        if (string.IsNullOrEmpty(name) || !char.IsAsciiLetter(name[0]) || !Enum.TryParse<Role>(name, ignoreCase: true, out var parsed)
            || !Enum.IsDefined(parsed))
        {
            return false;
        }
        role = parsed;
        return true;
    }

    public static IReadOnlyList<Role> All { get; } = Enum.GetValues<Role>();
}
