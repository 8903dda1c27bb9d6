using System.Globalization;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;
using Mle.Paging;
using Mle.Serving;

namespace Mle.Registry;

/// <summary>
/// A registered model: the single writer of its versions and aliases. Not on the scoring path; after every
/// change it pushes an invalidation to each silo's catalog and refreshes the tenant's directory entry.
/// Registration's heavy work (receiving, hashing, inspecting and storing the artifact) happens before the
/// grain is called (<see cref="VersionRegistrar"/>): its turn only takes a number and writes the version.
/// </summary>
public sealed partial class ModelGrain(
    [PersistentState("model", StorageNames.Registry)] IPersistentState<ModelState> state,
    IOptions<LimitsOptions> limits,
    CatalogUpdates catalogs,
    TimeProvider time,
    ILogger<ModelGrain> logger)
    : Grain, IModelGrain
{
    private RegisteredModel? _model;

    private RegisteredModel Model => _model ??= new RegisteredModel(ValidKey(), state.State);

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Created)
        {
            await RecoverInterruptedRegistrations();
            await UpsertDirectory();
        }
    }

    public async Task<ModelInfo> Create(CreateModel request)
    {
        var key = ValidKey();
        if (await GrainFactory.GetGrain<Endpoints.IEndpointGrain>(key.Key).Find() is not null)
        {
            // An endpoint is an Open Inference Protocol model name too: one name serves one thing.
            throw MleErrors.EndpointNameTaken(key.Model, "an endpoint");
        }
        var rules = new MetadataRules(limits.Value);
        Model.Create(new CreateModel(rules.Description(request.Description), rules.Tags(request.Tags)), time.GetUtcNow());
        await Persist();
        await Changed();
        return Model.Info();
    }

    public Task<ModelInfo> Get()
    {
        Model.RequireExists();
        return Task.FromResult(Model.Info());
    }

    public async Task<ModelVersionInfo?> FindIdempotentUpload(string idempotencyKey, string sha256) =>
        Model.FindUpload(idempotencyKey, sha256, time.GetUtcNow(), limits.Value.IdempotencyKeyRetention) is { } entry
            ? await Details(entry)
            : null;

    public async Task<ModelVersionInfo> RecordVersion(RecordVersion request)
    {
        Model.RequireExists();
        // The last line of the metadata rules: whatever the caller checked, nothing is stored that cannot be read back.
        var rules = new MetadataRules(limits.Value);
        var key = rules.IdempotencyKey(request.IdempotencyKey);
        var description = rules.Description(request.Description);
        var tags = rules.Tags(request.Tags);
        var metrics = rules.Metrics(request.Metrics);
        var lineage = rules.Lineage(request.Lineage);
        ContentHash.Validate(request.Artifact.Sha256);
        if (key is not null && Model.FindUpload(key, request.Artifact.Sha256, time.GetUtcNow(), limits.Value.IdempotencyKeyRetention) is { } earlier)
        {
            // A retry that raced its first attempt: both were staged, the first recorded.
            return await Details(earlier);
        }

        var now = time.GetUtcNow();
        var entry = Model.Reserve(request.Flavor, now, request.Artifact.Sha256);
        await Persist();

        var info = new ModelVersionInfo(
            Model.Ref.Tenant, Model.Ref.Model, entry.Version, VersionStatus.Ready, null, request.Flavor, request.Artifact, request.Schema,
            description, metrics, tags, lineage, false, now, []);
        try
        {
            // The reference is written before the version: a Ready version's artifact is always referenced.
            await References(request.Artifact.Sha256).Add(Model.Ref.Version(entry.Version).Key);
            info = await VersionGrain(entry.Version).Initialize(info);
        }
        catch (Exception error)
        {
            LogRecordFailed(logger, Model.Ref.Key, entry.Version, error);
            Model.MarkFailed(entry.Version, $"The version could not be recorded: {error.Message}", time.GetUtcNow());
            await Persist();
            await Changed();
            await ReleaseReference(entry);
            throw MleErrors.VersionRecordFailed(Model.Ref.Model, entry.Version, error.Message);
        }
        Model.MarkReady(entry.Version, time.GetUtcNow());
        if (key is not null)
        {
            Model.RememberUpload(key, request.Artifact.Sha256, entry.Version, now, limits.Value.MaxIdempotencyKeys, limits.Value.IdempotencyKeyRetention);
        }
        await Persist();
        await Changed();
        return info;
    }

    public async Task<ModelVersionInfo> GetVersion(string versionOrAlias) =>
        await Details(Model.Resolve(VersionSelector.Parse(versionOrAlias)));

    public async Task<Page<ModelVersionInfo>> ListVersions(PageRequest page)
    {
        Model.RequireExists();
        static string Key(int version) => version.ToString("D10", CultureInfo.InvariantCulture);
        static int NewestFirst(string a, string b) => string.CompareOrdinal(b, a);

        if (string.IsNullOrEmpty(page.Query) && string.IsNullOrEmpty(page.Tag))
        {
            var entries = PageCursor.Take(Model.NewestFirst(), e => Key(e.Version), NewestFirst, page);
            return new Page<ModelVersionInfo>(await Task.WhenAll(entries.Items.Select(Details)), entries.ContinuationToken, entries.TotalCount);
        }

        // A filter reads descriptions and tags, which live in the version grains.
        var all = await Task.WhenAll(Model.NewestFirst().Select(Details));
        var matching = all.Where(v => RegistrySearch.Matches(page, v.Version.ToString(CultureInfo.InvariantCulture), v.Description, v.Tags));
        return PageCursor.Take(matching, v => Key(v.Version), NewestFirst, page);
    }

    public async Task<ModelInfo> SetAlias(string alias, int version)
    {
        Model.SetAlias(alias, version, time.GetUtcNow());
        await Persist();
        await Changed();
        return Model.Info();
    }

    public async Task<ModelInfo> DeleteAlias(string alias)
    {
        Model.RequireExists();
        Model.DeleteAlias(Names.RequireAlias(alias), time.GetUtcNow());
        await Persist();
        await Changed();
        return Model.Info();
    }

    public async Task<ModelVersionInfo> ArchiveVersion(int version)
    {
        var entry = Model.Entry(version);
        if (Model.Archive(version, time.GetUtcNow()))
        {
            await Persist();
            await Changed();
            if (entry.Status == VersionStatus.Ready)
            {
                // The model's state decides servability; the version grain's flag is for readers of the version alone.
                await VersionGrain(version).SetArchived(true);
            }
        }
        return await Details(entry);
    }

    public Task<ServingSnapshot> GetServingSnapshot()
    {
        if (!state.State.Created)
        {
            // Unknown names arrive by typo and by probing: an activation kept per name would be memory for nothing.
            DeactivateOnIdle();
        }
        return Task.FromResult(Model.Snapshot());
    }

    /// <summary>
    /// A crash between reserving a number and marking it Ready leaves a Pending version. The version grain
    /// decides: recorded means the registration finished (Ready); not recorded means it never will (Failed).
    /// </summary>
    private async Task RecoverInterruptedRegistrations()
    {
        var now = time.GetUtcNow();
        var settled = false;
        var failed = new List<VersionEntry>();
        foreach (var entry in Model.Pending.ToList())
        {
            try
            {
                await VersionGrain(entry.Version).Get();
                Model.MarkReady(entry.Version, now);
            }
            catch (NotFoundException)
            {
                Model.MarkFailed(entry.Version, "The registration was interrupted before the version was recorded.", now);
                failed.Add(entry);
            }
            settled = true;
        }
        if (settled)
        {
            await Persist();
            catalogs.Publish(Model.Snapshot());
        }
        foreach (var entry in failed)
        {
            await ReleaseReference(entry);
        }
    }

    /// <summary>
    /// A Failed version no longer needs its artifact. Best effort: a reference left behind only keeps an artifact
    /// longer (a leak), never deletes one in use; the error is logged.
    /// </summary>
    private async Task ReleaseReference(VersionEntry entry)
    {
        if (entry.Sha256 is not { } sha256)
        {
            return;
        }
        try
        {
            await References(sha256).Remove(Model.Ref.Version(entry.Version).Key);
        }
        catch (Exception error)
        {
            LogReferenceNotReleased(logger, Model.Ref.Key, entry.Version, error);
        }
    }

    private IArtifactReferencesGrain References(string sha256) => GrainFactory.GetGrain<IArtifactReferencesGrain>(sha256);

    private async Task<ModelVersionInfo> Details(VersionEntry entry)
    {
        if (entry.Status != VersionStatus.Ready)
        {
            return NotReadyDetails(entry);
        }
        var info = await VersionGrain(entry.Version).Get();
        return info with { Archived = entry.Archived, Aliases = Model.AliasesOf(entry.Version) };
    }

    private ModelVersionInfo NotReadyDetails(VersionEntry entry) => new(
        Model.Ref.Tenant, Model.Ref.Model, entry.Version, entry.Status, entry.FailureReason, entry.Flavor, null, null, null,
        new Dictionary<string, double>(), new Dictionary<string, string>(), Lineage.None, entry.Archived, entry.CreatedAt, []);

    private IModelVersionGrain VersionGrain(int version) => GrainFactory.GetGrain<IModelVersionGrain>(Model.Ref.Version(version).Key);

    /// <summary>
    /// Writes the state; if the write fails, the in-memory state is ahead of storage, so the activation is
    /// dropped and the next call starts again from what was stored.
    /// </summary>
    private async Task Persist()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
    }

    private async Task Changed()
    {
        catalogs.Publish(Model.Snapshot());
        await UpsertDirectory();
    }

    /// <summary>The directory is derived data: a failed upsert is logged and repaired on the next change or activation.</summary>
    private async Task UpsertDirectory()
    {
        try
        {
            await GrainFactory.GetGrain<IModelDirectoryGrain>(Model.Ref.Tenant).Upsert(Model.Info());
        }
        catch (Exception error)
        {
            LogDirectoryFailed(logger, Model.Ref.Key, error);
        }
    }

    private ModelRef ValidKey()
    {
        var key = this.GetPrimaryKeyString();
        try
        {
            var parsed = ModelRef.ParseKey(key);
            return ModelRef.Create(parsed.Tenant, parsed.Model);
        }
        catch (FormatException)
        {
            throw MleErrors.InvalidName("model key", key, "a model key is tenant/model.");
        }
    }

    [LoggerMessage(Level = LogLevel.Error, Message = "Version {Version} of model {Model} could not be recorded; it is marked Failed.")]
    private static partial void LogRecordFailed(ILogger logger, string model, int version, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "Version {Version} of model {Model} failed, but its artifact reference could not be released; the artifact is kept.")]
    private static partial void LogReferenceNotReleased(ILogger logger, string model, int version, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory entry of model {Model} could not be updated; it is retried on the next change.")]
    private static partial void LogDirectoryFailed(ILogger logger, string model, Exception error);
}
