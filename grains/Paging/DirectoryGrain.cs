namespace Mle.Paging;

/// <summary>
/// What the five directory grains share: their <see cref="PagedDirectory{TEntry}"/> lives in the state each one
/// persists under its own name, and a change is written before the call returns. Each concrete grain keeps its own
/// interface, grain type name (from its class name) and state type, so callers and stored data see no difference.
/// </summary>
public abstract class DirectoryGrain<TState, TEntry>(IPersistentState<TState> state) : Grain
{
    /// <summary>The directory over the entries in <paramref name="stored"/>, with this directory's rules.</summary>
    protected abstract PagedDirectory<TEntry> Directory(TState stored);

    /// <summary>Stores <paramref name="entry"/> unless the stored one of its name wins (<see cref="PagedDirectory{TEntry}.Put"/>).</summary>
    protected async Task Put(TEntry entry)
    {
        if (Directory(state.State).Put(entry))
        {
            await state.WriteStateAsync();
        }
    }

    protected async Task RemoveEntry(string name)
    {
        if (Directory(state.State).Remove(name))
        {
            await state.WriteStateAsync();
        }
    }

    protected Task<Page<TEntry>> ListPage(PageRequest page) => Task.FromResult(Directory(state.State).List(page));
}
