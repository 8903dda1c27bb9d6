namespace Mle.Features;

/// <summary>
/// An active entity's state as its silo reads and, under write-behind, writes it in place (see
/// <see cref="ActiveEntities"/>), with the entity's grain owning its activation and storage. Every change and every
/// read takes this entity's lock for the few microseconds of applying or reading some tiles.
/// <para>
/// Write-through: only the grain applies (<see cref="Apply"/> with <c>acknowledged: false</c>), and a change is
/// readable in place once the grain's write is done (<see cref="Acknowledge"/>); until then reads decline (their
/// callers ask the grain, which answers once the write is done), so a read in place never sees an event that a crash
/// could still lose, exactly like a lookup through the grain. Write-behind: a change is acknowledged from memory, by
/// the grain or in place (<see cref="TryApply"/>), and marked unwritten; the grain's flush writes the state itself
/// between <see cref="BeginWrite"/> and <see cref="EndWrite"/>, while writes in place decline (their callers call the
/// grain, whose turn comes after the flush), so the state does not change under its serialization and needs no copy.
/// </para>
/// <para>
/// A read or write in place is not a call to the grain, so it would not keep the entity active: it marks the entity
/// touched instead (<see cref="TakeTouched"/>), and the silo's <see cref="ActiveEntityKeepAlive"/> tells the grains of
/// touched entities that they are in use.
/// </para>
/// </summary>
public sealed class ActiveEntity(string id, FeatureEntityState state)
{
    private readonly Lock _gate = new();
    private bool _readable = true;
    private bool _retired;
    private bool _unwritten;
    private bool _writing;
    private bool _touched;

    /// <summary>The entity id (the last part of its grain key).</summary>
    public string Id => id;

    /// <summary>Whether no event was ever applied.</summary>
    public bool IsEmpty
    {
        get
        {
            lock (_gate)
            {
                return state.Watermark == 0;
            }
        }
    }

    /// <summary>
    /// The grain's own apply (see <see cref="FeatureEntity.Apply"/>), recording the definition version the events were
    /// applied under. When some were applied: with <paramref name="acknowledged"/> false (write-through) reads decline
    /// until <see cref="Acknowledge"/>; with it true (write-behind) the change is readable at once and left for the
    /// next flush.
    /// </summary>
    public PushResult Apply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, TimeSpan historyMargin, bool acknowledged)
    {
        lock (_gate)
        {
            var result = ApplyLocked(definition, events, historyMargin);
            if (result.Applied > 0)
            {
                _readable = _readable && acknowledged;
                _unwritten |= acknowledged;
            }
            return result;
        }
    }

    /// <summary>
    /// Applies events in place, without the grain (write-behind only: the change is acknowledged from memory and left
    /// for the grain's next flush, exactly as if the grain had applied it), or declines (false) when the entity is
    /// retired, has a change not yet acknowledged, is being written, or was changed under a newer definition than
    /// <paramref name="definition"/>: the caller then calls the grain.
    /// </summary>
    public bool TryApply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, TimeSpan historyMargin, out PushResult result)
    {
        lock (_gate)
        {
            if (!_readable || _writing || state.DefinitionVersion > definition.Version || state.Watermark == 0)
            {
                result = null!;
                return false;
            }
            result = ApplyLocked(definition, events, historyMargin);
            _unwritten |= result.Applied > 0;
            _touched = true;
            return true;
        }
    }

    private PushResult ApplyLocked(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, TimeSpan historyMargin)
    {
        var result = new FeatureEntity(state).Apply(definition, events, historyMargin);
        if (result.Applied > 0)
        {
            state.DefinitionVersion = Math.Max(state.DefinitionVersion, definition.Version);
        }
        return result;
    }

    /// <summary>The changes applied so far are durable: reads may see them.</summary>
    public void Acknowledge()
    {
        lock (_gate)
        {
            _readable = !_retired;
        }
    }

    /// <summary>
    /// The state is no longer this entity's truth (a write failed and memory is ahead of storage, or the grain is
    /// deactivating): every later read or write in place declines, for good. What is unwritten stays to be taken.
    /// </summary>
    public void Retire()
    {
        lock (_gate)
        {
            _readable = false;
            _retired = true;
        }
    }

    /// <summary>
    /// Reads <paramref name="features"/> at <paramref name="at"/> as the grain's lookup would, or declines (false) when
    /// a change is not yet acknowledged, the entity is retired, or its state was changed under a newer definition than
    /// <paramref name="definition"/> (the grain knows that one; the caller's copy is older).
    /// </summary>
    public bool TryRead(FeatureSetDefinition definition, IReadOnlyList<string> features, DateTimeOffset at, out FeatureRow row)
    {
        lock (_gate)
        {
            if (!_readable || state.DefinitionVersion > definition.Version || state.Watermark == 0)
            {
                row = null!;
                return false;
            }
            row = new FeatureEntity(state).Read(definition, id, features, at);
            _touched = true;
            return true;
        }
    }

    /// <summary>The grain's own read: <paramref name="features"/> at each of <paramref name="times"/>, under the lock.</summary>
    public FeatureRow[] Read(FeatureSetDefinition definition, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times)
    {
        lock (_gate)
        {
            var entity = new FeatureEntity(state);
            var rows = new FeatureRow[times.Count];
            for (var i = 0; i < rows.Length; i++)
            {
                rows[i] = entity.Read(definition, id, features, times[i]);
            }
            return rows;
        }
    }

    /// <summary>
    /// Starts the grain's write of its state when a change is unwritten (true), or does nothing (false). Until
    /// <see cref="EndWrite"/>, writes in place decline: the grain is the only one that could change the state, and it
    /// does not while it writes (its turns do not interleave), so the state is written as it is, without a copy.
    /// </summary>
    public bool BeginWrite()
    {
        lock (_gate)
        {
            if (!_unwritten)
            {
                return false;
            }
            _unwritten = false;
            _writing = true;
            return true;
        }
    }

    /// <summary>Ends the write <see cref="BeginWrite"/> started; one that failed leaves the changes to the next flush.</summary>
    public void EndWrite(bool written)
    {
        lock (_gate)
        {
            _writing = false;
            _unwritten |= !written;
        }
    }

    /// <summary>
    /// Whether the entity was read or written in place since the last call, which clears the mark; never once retired
    /// (its grain is going away, and a touch would only activate it again).
    /// </summary>
    public bool TakeTouched()
    {
        lock (_gate)
        {
            var touched = _touched && !_retired;
            _touched = false;
            return touched;
        }
    }
}
