namespace Mle.Features;

/// <summary>
/// An active entity's state as the lookups of its silo read it in place (see <see cref="ActiveEntities"/>), with the
/// entity's grain as its only writer. The grain changes the state only through <see cref="Apply"/>, under this
/// entity's lock; a read takes the same lock for the few microseconds of reading some tiles. A change is readable only
/// once it is acknowledged: under write-through, the grain calls <see cref="Acknowledge"/> after its state is written,
/// and until then reads decline (their callers ask the grain, which answers once the write is done), so a read in
/// place never sees an event that a crash could still lose, exactly like a lookup through the grain.
/// </summary>
public sealed class ActiveEntity(string id, FeatureEntityState state)
{
    private readonly Lock _gate = new();
    private bool _readable = true;
    private bool _retired;

    /// <summary>The entity id (the last part of its grain key).</summary>
    public string Id => id;

    /// <summary>
    /// Applies events (see <see cref="FeatureEntity.Apply"/>) and records the definition version they were applied
    /// under. When some were applied and <paramref name="acknowledged"/> is false, reads decline until
    /// <see cref="Acknowledge"/>.
    /// </summary>
    public PushResult Apply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, TimeSpan historyMargin, bool acknowledged)
    {
        lock (_gate)
        {
            var result = new FeatureEntity(state).Apply(definition, events, historyMargin);
            if (result.Applied > 0)
            {
                state.DefinitionVersion = Math.Max(state.DefinitionVersion, definition.Version);
                _readable = _readable && acknowledged;
            }
            return result;
        }
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
    /// deactivating): every later read declines, for good.
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
            return true;
        }
    }
}
