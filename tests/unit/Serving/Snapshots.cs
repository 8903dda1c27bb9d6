using Mle.Registry;

namespace Mle.Tests.Unit.Serving;

/// <summary>Serving snapshots and version details written the way a test reads them.</summary>
internal static class Snapshots
{
    public const string Tenant = "t";

    public static ServingSnapshot Of(string model, long revision, IReadOnlyDictionary<int, VersionStatus> versions,
        IReadOnlyDictionary<string, int>? aliases = null, params int[] archived) =>
        new(Tenant, model, revision, aliases ?? new Dictionary<string, int>(), versions, archived.ToHashSet());

    public static IReadOnlyDictionary<int, VersionStatus> Ready(params int[] versions) =>
        versions.ToDictionary(v => v, _ => VersionStatus.Ready);

    public static ModelVersionInfo Version(string model, int version) => new(
        Tenant, model, version, VersionStatus.Ready, null, ModelFlavor.MlNet, null, null, null,
        new Dictionary<string, double>(), new Dictionary<string, string>(), Lineage.None, false, DateTimeOffset.UnixEpoch, []);
}
