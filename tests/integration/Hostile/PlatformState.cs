using System.Security.Cryptography;
using System.Text;
using System.Text.Json.Nodes;
using Mle.Paging;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Hostile;

/// <summary>
/// Everything a request could change, as text to compare: the registry as its listings show it (models, aliases,
/// versions), the API keys, the artifact store's files with their hashes, the names of every other file in the data
/// directory, and the canary directory beside it with its hashes.
/// </summary>
internal sealed record PlatformState(string Registry, string Keys, string ArtifactStore, string DataDirectory, string Canary)
{
    public static async Task<PlatformState> Capture(TestSilo silo, string canary)
    {
        var registry = new StringBuilder();
        var models = await Get(silo, $"/api/v1/models?pageSize={PageRequest.MaxPageSize}");
        registry.AppendLine(models.ToJsonString());
        foreach (var model in models["items"]!.AsArray())
        {
            var name = Uri.EscapeDataString((string)model!["name"]!);
            registry.AppendLine((await Get(silo, $"/api/v1/models/{name}")).ToJsonString());
            registry.AppendLine((await Get(silo, $"/api/v1/models/{name}/versions?pageSize={PageRequest.MaxPageSize}")).ToJsonString());
        }
        var keys = await silo.Http.GetStringAsync("/api/v1/admin/keys");

        var artifacts = Path.Combine(silo.DataDirectory, "artifacts");
        return new PlatformState(
            registry.ToString(),
            keys,
            Tree(artifacts, withContent: true),
            Tree(silo.DataDirectory, withContent: false, skip: artifacts),
            Tree(canary, withContent: true));
    }

    /// <summary>The differences, one line each, or an empty string.</summary>
    public string Compare(PlatformState after)
    {
        var differences = new StringBuilder();
        Difference(differences, "registry", Registry, after.Registry);
        Difference(differences, "API keys", Keys, after.Keys);
        Difference(differences, "artifact store", ArtifactStore, after.ArtifactStore);
        Difference(differences, "data directory (outside the artifact store)", DataDirectory, after.DataDirectory);
        Difference(differences, "canary directory", Canary, after.Canary);
        return differences.ToString();
    }

    private static void Difference(StringBuilder differences, string what, string before, string after)
    {
        if (before != after)
        {
            differences.AppendLine($"{what} changed:").AppendLine($"  before: {before}").AppendLine($"  after:  {after}");
        }
    }

    private static async Task<JsonNode> Get(TestSilo silo, string path) => JsonNode.Parse(await silo.Http.GetStringAsync(path))!;

    private static string Tree(string root, bool withContent, string? skip = null)
    {
        if (!Directory.Exists(root))
        {
            return "(none)";
        }
        var lines = new List<string>();
        foreach (var path in Directory.EnumerateFileSystemEntries(root, "*", SearchOption.AllDirectories).Order(StringComparer.Ordinal))
        {
            if (skip is not null && (path == skip || path.StartsWith(skip + Path.DirectorySeparatorChar, StringComparison.Ordinal)))
            {
                continue;
            }
            var relative = Path.GetRelativePath(root, path);
            // SQLite's journal files come and go with every transaction; what matters is that nothing new appears.
            if (!withContent && (relative.EndsWith("-journal", StringComparison.Ordinal) || relative.EndsWith("-wal", StringComparison.Ordinal) || relative.EndsWith("-shm", StringComparison.Ordinal)))
            {
                continue;
            }
            lines.Add(withContent && File.Exists(path) ? $"{relative} {Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)))}" : relative);
        }
        return string.Join("; ", lines);
    }
}
