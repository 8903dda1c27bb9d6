using Mle.Artifacts;
using Mle.Configuration;

namespace Mle.Registry;

/// <summary>
/// The reference record of one stored artifact (see <see cref="IArtifactReferencesGrain"/>). A small state machine:
/// claimed by a registration, referenced by versions, collectable once unreferenced and unclaimed for a grace period.
/// Every change is written before it is acknowledged, since the collection deletes on the strength of what it reads.
/// </summary>
/// <remarks>
/// An activation is a one-shot: a registration calls <see cref="Claim"/> and then, moments later, <see cref="Add"/>
/// (or <see cref="Remove"/> when its record failed), and the sweep asks <see cref="IsCollectable"/> about every stored
/// artifact. So each of those last calls deactivates it, instead of one activation per artifact ever registered or
/// swept waiting for Orleans' idle collection (1,000 registrations left 1,000 activations, about 3 MB, in the silo).
/// </remarks>
public sealed class ArtifactReferencesGrain(
    [PersistentState("artifact-references", StorageNames.Registry)] IPersistentState<ArtifactReferencesState> state,
    TimeProvider time)
    : Grain, IArtifactReferencesGrain
{
    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        // The key names a file of the store: a key that is not a digest is refused before anything is written.
        ContentHash.Validate(this.GetPrimaryKeyString());
        return Task.CompletedTask;
    }

    public async Task Claim(bool alreadyStored)
    {
        state.State.KeptForGood |= alreadyStored && !state.RecordExists;
        state.State.LastClaimedAt = time.GetUtcNow();
        await Write();
    }

    public async Task Add(string versionKey)
    {
        ArgumentException.ThrowIfNullOrEmpty(versionKey);
        if (state.State.Versions.Add(versionKey))
        {
            await Write();
        }
        DeactivateOnIdle();
    }

    public async Task Remove(string versionKey)
    {
        if (state.State.Versions.Remove(versionKey))
        {
            await Write();
        }
        DeactivateOnIdle();
    }

    public Task<bool> IsCollectable(DateTimeOffset claimedBefore)
    {
        var collectable = Collectable(claimedBefore);
        if (!collectable)
        {
            // The sweep asks once per artifact per interval; only a collectable one hears from it again (Forget).
            DeactivateOnIdle();
        }
        return Task.FromResult(collectable);
    }

    public async Task Forget(DateTimeOffset claimedBefore)
    {
        if (Collectable(claimedBefore))
        {
            await state.ClearStateAsync();
            state.State = new ArtifactReferencesState();
            DeactivateOnIdle();
        }
    }

    private bool Collectable(DateTimeOffset claimedBefore) =>
        state.RecordExists && !state.State.KeptForGood && state.State.Versions.Count == 0 && state.State.LastClaimedAt < claimedBefore;

    /// <summary>A failed write leaves memory ahead of storage: the activation is dropped so the next call reads what was stored.</summary>
    private async Task Write()
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
}
