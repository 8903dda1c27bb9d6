using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;

namespace Mle.Registry;

/// <summary>One immutable model version; written only by its model grain, read by every silo's catalog.</summary>
// Each silo's catalog reads a version once and keeps it, so an activation is idle right after; with
// thousands of registered versions, collecting them early is what keeps a silo's memory flat. A version just
// recorded is not read through this activation at all (the model grain answers the registration, and catalogs
// read versions when they are first scored), so it deactivates as soon as it is recorded.
[CollectionAgeLimit(Minutes = 2)]
public sealed class ModelVersionGrain(
    [PersistentState("version", StorageNames.Registry)] IPersistentState<ModelVersionState> state)
    : Grain, IModelVersionGrain
{
    private ModelVersionRef Ref => ModelVersionRef.ParseKey(this.GetPrimaryKeyString());

    public async Task<ModelVersionInfo> Initialize(ModelVersionInfo info)
    {
        var key = Ref;
        if (info.Tenant != key.Tenant || info.Model != key.Model || info.Version != key.Version)
        {
            throw MleErrors.InvalidRequest($"Version {info.Tenant}/{info.Model}/{info.Version} cannot be recorded as {key}.", "version");
        }
        if (state.State.Info is { } existing)
        {
            // A retried registration after a crash brings the same artifact: accept it, change nothing.
            if (existing.Artifact?.Sha256 != info.Artifact?.Sha256)
            {
                throw MleErrors.InvalidRequest($"Version {key} is already recorded with a different artifact.", "version");
            }
            this.DeactivateOnIdle();
            return existing;
        }
        state.State.Info = info with { Aliases = [] };
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not recorded: the activation must not answer as if it were (the model grain marks the number Failed).
            state.State.Info = null;
            throw;
        }
        this.DeactivateOnIdle();
        return state.State.Info;
    }

    public Task<ModelVersionInfo> Get() =>
        state.State.Info is { } info
            ? Task.FromResult(info)
            : Task.FromException<ModelVersionInfo>(MleErrors.VersionNotFound(Ref.Model, Ref.Version.ToString(System.Globalization.CultureInfo.InvariantCulture)));

    public async Task<ModelVersionInfo> SetArchived(bool archived)
    {
        var info = await Get();
        if (info.Archived != archived)
        {
            state.State.Info = info with { Archived = archived };
            try
            {
                await state.WriteStateAsync();
            }
            catch
            {
                state.State.Info = info;
                throw;
            }
        }
        return state.State.Info!;
    }
}
