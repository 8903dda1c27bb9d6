using Mle.Artifacts;
using Mle.Configuration;

namespace Mle.Registry;

/// <summary>
/// The reference record of one stored artifact (see <see cref="IArtifactReferencesGrain"/>). A small state machine:
/// claimed by a registration, referenced by versions, collectable once unreferenced and unclaimed for a grace period.
/// Every change is written before it is acknowledged, since the collection deletes on the strength of what it reads.
/// </summary>
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
    }

    public async Task Remove(string versionKey)
    {
        if (state.State.Versions.Remove(versionKey))
        {
            await Write();
        }
    }

    public Task<bool> IsCollectable(DateTimeOffset claimedBefore) => Task.FromResult(Collectable(claimedBefore));

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
