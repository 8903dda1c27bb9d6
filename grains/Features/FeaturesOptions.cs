namespace Mle.Features;

/// <summary>The feature mart's settings (<c>Mle:Features</c>), checked on start by <see cref="FeaturesOptionsValidator"/>.</summary>
public sealed class FeaturesOptions
{
    public const string Section = "Mle:Features";

    /// <summary>
    /// Zero (the default): write-through, an entity's state is written before a push is acknowledged, so an
    /// acknowledged event survives a crash. Positive: write-behind, an entity writes at most once per this interval
    /// (and when it deactivates); a push is acknowledged from memory, and a crash loses up to this much of
    /// acknowledged events. At most one hour.
    /// </summary>
    public TimeSpan WriteBehind { get; set; } = TimeSpan.Zero;

    /// <summary>
    /// How long an entity stays in memory without being used before it deactivates (default 2 minutes, 1 second to 1
    /// day). Used means called, or read or written in place by its silo (see <see cref="ActiveEntityKeepAlive"/>): an
    /// entity read constantly stays active. A lookup of a deactivated entity reads it from storage. Orleans looks for idle
    /// activations once per collection quantum (one minute by default, half this timeout when that is shorter).
    /// </summary>
    public TimeSpan IdleDeactivation { get; set; } = TimeSpan.FromMinutes(2);

    /// <summary>
    /// How long a silo trusts its copy of a feature set's definition (default 2 seconds): an evolution made through
    /// another silo reaches this one within it (at once for the entities it concerns: callers pass the version
    /// they validated against, and a name the copy does not know makes it read the definition again).
    /// </summary>
    public TimeSpan DefinitionRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How far ahead of the silo's clock an event's time may be (default 5 minutes); a later one is refused
    /// (<c>invalid_event</c>): it would move the entity's watermark and make every real event late.
    /// </summary>
    public TimeSpan MaxFutureSkew { get; set; } = TimeSpan.FromMinutes(5);

    /// <summary>
    /// The most tiles one aggregate may keep, (retention + window) / hop (default 100,000): the bound on an
    /// entity's memory per aggregate. A feature set over it is refused (<c>invalid_feature_set</c>).
    /// </summary>
    public int MaxTilesPerAggregate { get; set; } = 100_000;

    /// <summary>The most raw features plus aggregates one feature set may declare (default 512).</summary>
    public int MaxFeaturesPerSet { get; set; } = 512;

    /// <summary>The largest <c>n</c> of a <c>last_n</c> aggregate (default 1,000).</summary>
    public int MaxLastN { get; set; } = 1000;

    /// <summary>The longest event id and entity id, in characters (default 256).</summary>
    public int MaxIdLength { get; set; } = 256;

    /// <summary>
    /// How many input rows a training-set build reads and resolves at a time (default 10,000, 1 to 1,000,000): each
    /// entity of a chunk is called once with all its timestamps in the chunk, and only one chunk is in memory.
    /// </summary>
    public int TrainingSetChunkRows { get; set; } = 10_000;

    /// <summary>How many entity calls one training-set build has in flight at once (default 32, 1 to 1,024).</summary>
    public int TrainingSetParallelism { get; set; } = 32;
}
