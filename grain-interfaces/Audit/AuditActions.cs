namespace Mle.Audit;

/// <summary>The audited actions, by the names entries and queries (<c>action=</c>) use. New changes add theirs here.</summary>
public static class AuditActions
{
    public const string ModelCreate = "model.create";
    public const string VersionRegister = "version.register";
    public const string VersionArchive = "version.archive";
    public const string AliasSet = "alias.set";
    public const string AliasDelete = "alias.delete";
    public const string KeyCreate = "key.create";
    public const string KeyRevoke = "key.revoke";
    public const string FeatureSetCreate = "featureset.create";
    public const string FeatureSetEvolve = "featureset.evolve";
    public const string DatasetCreate = "dataset.create";
}
