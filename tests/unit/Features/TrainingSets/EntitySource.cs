using System.Collections.Concurrent;
using Mle.Features;
using Mle.Features.TrainingSets;

namespace Mle.Tests.Unit.Features.TrainingSets;

/// <summary>Entities as plain <see cref="FeatureEntity"/> objects, read the way the entity grain reads them, counting the reads.</summary>
internal sealed class EntitySource : IPointInTimeSource
{
    public Dictionary<(string Set, string Entity), FeatureEntity> Entities { get; } = [];

    /// <summary>(set, entity, number of times) of every read, in no particular order.</summary>
    public ConcurrentBag<(string Set, string Entity, int Times)> Reads { get; } = [];

    public FeatureEntity Entity(string set, string entity)
    {
        if (!Entities.TryGetValue((set, entity), out var found))
        {
            Entities[(set, entity)] = found = new FeatureEntity(new FeatureEntityState());
        }
        return found;
    }

    public Task<IReadOnlyList<FeatureRow>> ReadAt(
        FeatureSetDefinition set, string entity, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken)
    {
        Reads.Add((set.Ref.Name, entity, times.Count));
        var state = Entity(set.Ref.Name, entity);
        return Task.FromResult<IReadOnlyList<FeatureRow>>([.. times.Select(t => state.Read(set, entity, features, t))]);
    }
}

/// <summary>A clock standing at one instant.</summary>
internal sealed class FixedClock(DateTimeOffset now) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => now;
}
