namespace Mle.Features;

/// <summary>
/// One entity of a feature set (key <c>{tenant}/{featureset}/{entity}</c>): its raw features, window tiles and
/// bounded history. Internal to the cluster: clients go through <see cref="IFeatureMartGrain"/>, which validates
/// whole batches first. <c>definitionVersion</c> is the set version the caller validated against; the entity
/// refreshes its cached definition when it is older.
/// </summary>
public interface IFeatureEntityGrain : IGrainWithStringKey
{
    /// <summary>
    /// Applies validated events of this entity, idempotently by event id; an event older than the allowed lateness
    /// is dropped and counted. Returns once the change is durable (write-through) or in memory (write-behind).
    /// </summary>
    Task<PushResult> Apply(int definitionVersion, IReadOnlyList<FeatureEvent> events);

    /// <summary>The entity's <paramref name="features"/> evaluated at <paramref name="at"/> (windows and history).</summary>
    [ReadOnly]
    Task<FeatureRow> Lookup(int definitionVersion, IReadOnlyList<string> features, DateTimeOffset at);

    /// <summary>
    /// The entity's <paramref name="features"/> at each of <paramref name="times"/>, one row per time in order: a
    /// point-in-time training set reads all of an entity's rows of a chunk in this one call.
    /// </summary>
    [ReadOnly]
    Task<IReadOnlyList<FeatureRow>> LookupAt(int definitionVersion, IReadOnlyList<string> features, IReadOnlyList<DateTimeOffset> times);

    /// <summary>
    /// Tells the entity it is in use: its silo read or wrote it in place, which is not a call. The call itself keeps the
    /// activation from being collected as idle; it does nothing else.
    /// </summary>
    [OneWay]
    Task Touch();
}
