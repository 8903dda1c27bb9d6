namespace Mle.Features;

/// <summary>
/// The persisted state of one entity (grain <c>FeatureEntityGrain</c>), read and changed by <see cref="FeatureEntity"/>.
/// Bounded: history and tiles reach back to the retention horizon (newest event time − retention − margin), and
/// the remembered event ids to the lateness horizon (see <see cref="FeatureEntity"/>).
/// </summary>
[GenerateSerializer]
public sealed class FeatureEntityState
{
    /// <summary>The feature set version the state was last changed under.</summary>
    [Id(0)] public int DefinitionVersion { get; set; }

    /// <summary>The newest event time applied (<see cref="DateTimeOffset.UtcTicks"/>); 0 before the first event.</summary>
    [Id(1)] public long Watermark { get; set; }

    /// <summary>The arrival counter: every applied event takes the next number.</summary>
    [Id(2)] public long Sequence { get; set; }

    /// <summary>The ids of applied events within the lateness horizon, with their event times.</summary>
    [Id(3)] public Dictionary<string, long> Seen { get; set; } = [];

    /// <summary>Each raw feature's values in event-time order (ties by arrival), back to the retention horizon and one more.</summary>
    [Id(4)] public Dictionary<string, List<TimedValue>> Raw { get; set; } = [];

    /// <summary>Each series' tiles (key <see cref="TileSeries.Key"/>), ascending by index; only tiles that received a value exist.</summary>
    [Id(5)] public Dictionary<string, List<Tile>> Series { get; set; } = [];

    /// <summary>
    /// The ids of <see cref="Seen"/> by event time, oldest first, so that a prune forgets the ids behind the horizon
    /// without scanning all of them. Not stored: null after a load, rebuilt from <see cref="Seen"/> by the first prune.
    /// </summary>
    public PriorityQueue<string, long>? SeenByTime { get => _seenByTime; set => _seenByTime = value; }

    [NonSerialized]
    private PriorityQueue<string, long>? _seenByTime;

    [Id(6)] public long Applied { get; set; }
    [Id(7)] public long Duplicates { get; set; }
    [Id(8)] public long Late { get; set; }
}
