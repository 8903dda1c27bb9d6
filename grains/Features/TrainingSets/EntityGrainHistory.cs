namespace Mle.Features.TrainingSets;

/// <summary>The cluster's <see cref="IPointInTimeSource"/>: one <see cref="IFeatureEntityGrain.LookupAt"/> call per entity and batch of times.</summary>
public sealed class EntityGrainHistory(IGrainFactory grains) : IPointInTimeSource
{
    public Task<IReadOnlyList<FeatureRow>> ReadAt(
        FeatureSetDefinition set, string entity, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken) =>
        grains.GetGrain<IFeatureEntityGrain>(set.Ref.EntityKey(entity)).LookupAt(set.Version, features, times).WaitAsync(cancellationToken);
}
