using Mle.Errors;
using Mle.Naming;

namespace Mle.Registry;

/// <summary>
/// The rules of one registered model over its <see cref="ModelState"/>: version numbering, statuses,
/// aliases and archiving. Plain C#, so the rules are tested without a cluster; every change bumps
/// <see cref="ModelState.Revision"/>, which catalogs use to tell snapshots apart.
/// </summary>
public sealed class RegisteredModel(ModelRef model, ModelState state)
{
    public ModelRef Ref => model;

    public bool Exists => state.Created;

    public long Revision => state.Revision;

    public IEnumerable<VersionEntry> Pending => state.Versions.Where(v => v.Status == VersionStatus.Pending);

    public void Create(CreateModel request, DateTimeOffset now)
    {
        if (state.Created)
        {
            throw MleErrors.ModelAlreadyExists(model.Model);
        }
        var tags = RegistryTags.Validate(request.Tags);
        state.Created = true;
        state.Description = request.Description;
        state.Tags = tags;
        state.CreatedAt = now;
        Touch(now);
    }

    public void RequireExists()
    {
        if (!state.Created)
        {
            throw MleErrors.ModelNotFound(model.Model);
        }
    }

    /// <summary>
    /// Takes the next version number for a registration in progress; it stays Pending until marked. The artifact's
    /// digest is kept with the number, so a registration that fails or is interrupted can release its reference.
    /// </summary>
    public VersionEntry Reserve(ModelFlavor flavor, DateTimeOffset now, string? artifactSha256 = null)
    {
        RequireExists();
        var entry = new VersionEntry { Version = ++state.LastVersion, Status = VersionStatus.Pending, Flavor = flavor, CreatedAt = now, Sha256 = artifactSha256 };
        state.Versions.Add(entry);
        Touch(now);
        return entry;
    }

    /// <summary>
    /// The version an earlier upload with <paramref name="key"/> became, or null when the key is unknown or older
    /// than <paramref name="retention"/>. The same key with another artifact is <c>idempotency_key_reused</c>.
    /// </summary>
    public VersionEntry? FindUpload(string key, string sha256, DateTimeOffset now, TimeSpan retention)
    {
        RequireExists();
        var upload = state.IdempotentUploads.FindLast(u => u.Key == key);
        if (upload is null || now - upload.At > retention)
        {
            return null;
        }
        return upload.Sha256 == sha256 ? Entry(upload.Version) : throw MleErrors.IdempotencyKeyReused(model.Model, key, upload.Version);
    }

    /// <summary>Remembers the key of an upload that became <paramref name="version"/>, forgetting the oldest keys past the bounds.</summary>
    public void RememberUpload(string key, string sha256, int version, DateTimeOffset now, int maxKeys, TimeSpan retention)
    {
        state.IdempotentUploads.RemoveAll(u => u.Key == key || now - u.At > retention);
        state.IdempotentUploads.Add(new IdempotentUpload { Key = key, Sha256 = sha256, Version = version, At = now });
        if (state.IdempotentUploads.Count > maxKeys)
        {
            state.IdempotentUploads.RemoveRange(0, state.IdempotentUploads.Count - maxKeys);
        }
    }

    public void MarkReady(int version, DateTimeOffset now) => Settle(version, VersionStatus.Ready, null, now);

    public void MarkFailed(int version, string reason, DateTimeOffset now) => Settle(version, VersionStatus.Failed, reason, now);

    /// <summary>Creates or moves an alias; the version must be Ready and not archived.</summary>
    public void SetAlias(string alias, int version, DateTimeOffset now)
    {
        Names.RequireAlias(alias);
        var entry = Entry(version);
        if (entry.Archived)
        {
            throw MleErrors.VersionArchived(model.Model, version);
        }
        if (entry.Status != VersionStatus.Ready)
        {
            throw MleErrors.VersionNotReady(model.Model, version, entry.Status.ToString());
        }
        state.Aliases[alias] = version;
        Touch(now);
    }

    public void DeleteAlias(string alias, DateTimeOffset now)
    {
        if (!state.Aliases.Remove(alias))
        {
            throw MleErrors.AliasNotFound(model.Model, alias);
        }
        Touch(now);
    }

    /// <summary>Archives a version and removes the aliases that point at it. Returns false when it already was.</summary>
    public bool Archive(int version, DateTimeOffset now)
    {
        var entry = Entry(version);
        if (entry.Archived)
        {
            return false;
        }
        entry.Archived = true;
        foreach (var alias in AliasesOf(version))
        {
            state.Aliases.Remove(alias);
        }
        Touch(now);
        return true;
    }

    /// <summary>The version a number or alias names (any status: callers decide what they accept).</summary>
    public VersionEntry Resolve(VersionSelector selector)
    {
        if (selector.Alias is { } alias)
        {
            return state.Aliases.TryGetValue(alias, out var aliased) ? Entry(aliased) : throw MleErrors.AliasNotFound(model.Model, alias);
        }
        return Entry(selector.Number ?? throw MleErrors.InvalidRequest("A version number or an alias is required.", "version"));
    }

    public VersionEntry Entry(int version)
    {
        RequireExists();
        var index = state.Versions.BinarySearch(new VersionEntry { Version = version }, ByVersion.Instance);
        return index >= 0 ? state.Versions[index] : throw MleErrors.VersionNotFound(model.Model, version.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }

    /// <summary>Every version, newest first.</summary>
    public IEnumerable<VersionEntry> NewestFirst() => Enumerable.Reverse(state.Versions);

    public IReadOnlyList<string> AliasesOf(int version) =>
        state.Aliases.Where(a => a.Value == version).Select(a => a.Key).Order(StringComparer.Ordinal).ToArray();

    public ModelInfo Info() => new(
        model.Tenant,
        model.Model,
        state.Description,
        new Dictionary<string, string>(state.Tags),
        new Dictionary<string, int>(state.Aliases),
        state.LastVersion,
        state.Versions.Count,
        state.CreatedAt,
        state.UpdatedAt);

    public ServingSnapshot Snapshot()
    {
        RequireExists();
        return new ServingSnapshot(
            model.Tenant,
            model.Model,
            state.Revision,
            new Dictionary<string, int>(state.Aliases),
            state.Versions.ToDictionary(v => v.Version, v => v.Status),
            state.Versions.Where(v => v.Archived).Select(v => v.Version).ToHashSet());
    }

    private void Settle(int version, VersionStatus status, string? reason, DateTimeOffset now)
    {
        var entry = Entry(version);
        if (entry.Status != VersionStatus.Pending)
        {
            throw new InvalidOperationException($"Version {version} of '{model}' is already {entry.Status}.");
        }
        entry.Status = status;
        entry.FailureReason = reason;
        Touch(now);
    }

    private void Touch(DateTimeOffset now)
    {
        state.Revision++;
        state.UpdatedAt = now;
    }

    private sealed class ByVersion : IComparer<VersionEntry>
    {
        public static readonly ByVersion Instance = new();

        public int Compare(VersionEntry? x, VersionEntry? y) => x!.Version.CompareTo(y!.Version);
    }
}
