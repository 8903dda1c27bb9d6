namespace Mle.Features.TrainingSets;

/// <summary>
/// Where a training-set build reads entities' features as of past times: the entity grains in a cluster, plain
/// <see cref="FeatureEntity"/> objects in a test. One call per entity and batch of its times.
/// </summary>
public interface IPointInTimeSource
{
    /// <summary>
    /// The entity's <paramref name="features"/> as they were at each of <paramref name="times"/>, one row per time in
    /// the same order: exactly what an <c>asOf</c> lookup at that time answers.
    /// </summary>
    Task<IReadOnlyList<FeatureRow>> ReadAt(
        FeatureSetDefinition set, string entity, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times, CancellationToken cancellationToken);
}
