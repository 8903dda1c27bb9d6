using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;

namespace Mle.Features;

/// <summary>
/// A feature set's definition and its versions: the single writer of both. Evolution follows
/// <see cref="FeatureSetEvolution"/>; after every change the tenant's directory entry is refreshed.
/// </summary>
public sealed partial class FeatureSetGrain(
    [PersistentState("featureset", StorageNames.Registry)] IPersistentState<FeatureSetState> state,
    IOptions<FeaturesOptions> features,
    IOptions<LimitsOptions> limits,
    TimeProvider time,
    ILogger<FeatureSetGrain> logger)
    : Grain, IFeatureSetGrain
{
    private FeatureSetInfo? Current => state.State.Versions.Count == 0 ? null : state.State.Versions[^1];

    public async Task<FeatureSetInfo> Create(FeatureSetSpec spec)
    {
        var set = ValidKey();
        if (Current is not null)
        {
            throw MleErrors.FeatureSetAlreadyExists(set.Name);
        }
        var normalized = Rules().Normalize(set.Name, spec);
        var now = time.GetUtcNow();
        var info = new FeatureSetInfo(set.Tenant, set.Name, 1, normalized, now, now);
        await Record(info);
        return info;
    }

    public async Task<FeatureSetInfo> Evolve(FeatureSetSpec spec)
    {
        var set = ValidKey();
        var current = Current ?? throw MleErrors.FeatureSetNotFound(set.Name);
        var normalized = Rules().Normalize(set.Name, spec);
        if (FeatureSetRules.Same(current.Spec, normalized))
        {
            return current;
        }
        FeatureSetEvolution.Check(current.Spec, normalized);
        var info = current with { Version = current.Version + 1, Spec = normalized, UpdatedAt = time.GetUtcNow() };
        await Record(info);
        return info;
    }

    public Task<FeatureSetInfo> Get() =>
        Task.FromResult(Current ?? throw MleErrors.FeatureSetNotFound(ValidKey().Name));

    public Task<IReadOnlyList<FeatureSetInfo>> Versions() =>
        Current is null
            ? throw MleErrors.FeatureSetNotFound(ValidKey().Name)
            : Task.FromResult<IReadOnlyList<FeatureSetInfo>>([.. state.State.Versions]);

    public Task<FeatureSetInfo?> Find()
    {
        if (Current is null)
        {
            // Unknown names arrive by typo and by probing: an activation kept per name would be memory for nothing.
            DeactivateOnIdle();
        }
        return Task.FromResult(Current);
    }

    private FeatureSetRules Rules() => new(features.Value, limits.Value.MaxDescriptionLength);

    private async Task Record(FeatureSetInfo info)
    {
        state.State.Versions.Add(info);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: start again from what was stored.
            state.State.Versions.RemoveAt(state.State.Versions.Count - 1);
            DeactivateOnIdle();
            throw;
        }
        try
        {
            await GrainFactory.GetGrain<IFeatureSetDirectoryGrain>(info.Tenant).Upsert(info);
        }
        catch (Exception error)
        {
            LogDirectoryFailed(logger, info.Key, error);
        }
    }

    private FeatureSetRef ValidKey()
    {
        var key = this.GetPrimaryKeyString();
        var parts = key.Split('/');
        if (parts.Length != 2)
        {
            throw MleErrors.InvalidName("feature set key", key, "a feature set key is tenant/name.");
        }
        return FeatureSetRef.Create(parts[0], parts[1]);
    }

    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (Current is { } current)
        {
            // The directory is derived data: a lost upsert is repaired here.
            try
            {
                await GrainFactory.GetGrain<IFeatureSetDirectoryGrain>(current.Tenant).Upsert(current);
            }
            catch (Exception error)
            {
                LogDirectoryFailed(logger, current.Key, error);
            }
        }
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory entry of feature set {FeatureSet} could not be updated; it is retried on the next change or activation.")]
    private static partial void LogDirectoryFailed(ILogger logger, string featureSet, Exception error);
}
