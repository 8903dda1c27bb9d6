namespace Mle.Features;

/// <summary>
/// How this silo's <see cref="FeatureMart"/> reached entities, counted since the silo started: in place (a read, or a
/// write-behind push, of an entity active here), by a call to another silo's <see cref="FeatureSiloGrain"/> (one per
/// silo per push or lookup, however many of its entities), or by a call to an entity's grain. What a batch costs in
/// calls, observable: a lookup of entities spread over the cluster should cost one silo call per other silo, not one
/// entity call per entity.
/// </summary>
public sealed class FeatureCallCounts
{
    private long _readsInPlace;
    private long _writesInPlace;
    private long _siloCalls;
    private long _entityCalls;

    public long ReadsInPlace => Interlocked.Read(ref _readsInPlace);
    public long WritesInPlace => Interlocked.Read(ref _writesInPlace);
    public long SiloCalls => Interlocked.Read(ref _siloCalls);
    public long EntityCalls => Interlocked.Read(ref _entityCalls);

    internal void ReadInPlace(int count) => Interlocked.Add(ref _readsInPlace, count);
    internal void WroteInPlace(int count) => Interlocked.Add(ref _writesInPlace, count);
    internal void CalledSilo() => Interlocked.Increment(ref _siloCalls);
    internal void CalledEntity() => Interlocked.Increment(ref _entityCalls);
}
