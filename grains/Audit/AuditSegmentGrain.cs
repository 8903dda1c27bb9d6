using Mle.Configuration;

namespace Mle.Audit;

/// <summary>One sealed segment of a tenant's audit log: written once by its log, then read, completed or dropped.</summary>
public sealed class AuditSegmentGrain(
    [PersistentState("auditsegment", StorageNames.Audit)] IPersistentState<AuditSegmentState> state)
    : Grain, IAuditSegmentGrain
{
    public async Task Write(IReadOnlyList<AuditEntry> entries)
    {
        state.State.Entries = [.. entries];
        await Persist();
    }

    public Task<IReadOnlyList<AuditEntry>> Read() => Task.FromResult<IReadOnlyList<AuditEntry>>(state.State.Entries);

    public async Task<AuditEntry?> Complete(long sequence, AuditCompletion completion)
    {
        var entries = state.State.Entries;
        var index = entries.FindIndex(e => e.Sequence == sequence);
        if (index < 0)
        {
            return null;
        }
        if (entries[index].Outcome == AuditOutcome.Unknown)
        {
            entries[index] = entries[index].Completed(completion);
            await Persist();
        }
        return entries[index];
    }

    public async Task Drop()
    {
        await state.ClearStateAsync();
        DeactivateOnIdle();
    }

    private async Task Persist()
    {
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // The state in memory is ahead of storage: start over from what storage holds.
            DeactivateOnIdle();
            throw;
        }
    }
}
