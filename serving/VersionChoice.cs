using Mle.Errors;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Serving;

/// <summary>
/// The one set of rules for which version a request is served by, given a model's <see cref="ServingSnapshot"/>:
/// <list type="bullet">
/// <item>a number serves that version if it is Ready (explicitly asking for an archived version still works:
/// archiving takes a version out of rotation, it does not delete it);</item>
/// <item>an alias serves the version it points to, never an archived one;</item>
/// <item><see cref="VersionSelector.Default"/> (an unversioned request) serves the <c>champion</c> alias, and a
/// model without a champion its newest Ready, unarchived version.</item>
/// </list>
/// </summary>
public static class VersionChoice
{
    /// <summary>The alias an unversioned request is served by when the model has it.</summary>
    public const string DefaultAlias = "champion";

    /// <summary>The servable version number that <paramref name="selector"/> chooses, or the registry's typed error.</summary>
    public static int Choose(ServingSnapshot snapshot, VersionSelector selector)
    {
        int version;
        if (selector.Alias is { } alias)
        {
            version = Aliased(snapshot, alias) ?? throw MleErrors.AliasNotFound(snapshot.Model, alias);
        }
        else if (selector.IsDefault)
        {
            version = Aliased(snapshot, DefaultAlias) ?? NewestServable(snapshot)
                ?? throw MleErrors.NoServableVersion(snapshot.Model);
        }
        else
        {
            version = selector.Number!.Value;
        }

        if (!snapshot.Versions.TryGetValue(version, out var status))
        {
            throw MleErrors.VersionNotFound(snapshot.Model, selector.ToString());
        }
        return status == VersionStatus.Ready ? version : throw MleErrors.VersionNotReady(snapshot.Model, version, status.ToString());
    }

    private static int? Aliased(ServingSnapshot snapshot, string alias)
    {
        if (!snapshot.Aliases.TryGetValue(alias, out var version))
        {
            return null;
        }
        return snapshot.Archived.Contains(version) ? throw MleErrors.VersionArchived(snapshot.Model, version) : version;
    }

    private static int? NewestServable(ServingSnapshot snapshot)
    {
        int? newest = null;
        foreach (var (version, status) in snapshot.Versions)
        {
            if (status == VersionStatus.Ready && !snapshot.Archived.Contains(version) && (newest is null || version > newest))
            {
                newest = version;
            }
        }
        return newest;
    }
}
