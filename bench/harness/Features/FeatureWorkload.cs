using System.Text.Json;
using Mle.Features;

namespace Mle.Bench.Features;

/// <summary>
/// The feature set every feature-mart case uses, a card's transactions: four raw features of each type and four
/// windowed aggregates (10 minutes to 1 day), and its events, generated from a fixed seed. Event times fall within
/// the last five minutes of the generation time, so that every aggregate a lookup evaluates now holds them.
/// </summary>
public sealed class FeatureWorkload(int entities, int seed = 42)
{
    public const string SetName = "card";

    /// <summary>The raw features then the aggregates: what every lookup asks for.</summary>
    public static IReadOnlyList<string> Features { get; } =
        ["amount", "merchant", "items", "online", "amount_avg_10m", "amount_sum_1h", "amount_max_1d", "txn_count_1d"];

    private static readonly TimeSpan EventSpread = TimeSpan.FromMinutes(5);
    private static readonly string[] Merchants = ["grocer", "fuel", "travel", "online-shop", "pharmacy", "restaurant", "cinema", "books"];
    private long _nextEvent;

    public int Entities => entities;

    public static string Entity(int index) => string.Create(CultureInfo.InvariantCulture, $"card-{index:D7}");

    /// <summary>The set as the SDK creates it.</summary>
    public static FeatureSetSpec Spec() => new(
        "cardId",
        [new RawFeature("amount", FeatureType.Float), new RawFeature("merchant", FeatureType.String),
         new RawFeature("items", FeatureType.Int), new RawFeature("online", FeatureType.Bool)],
        [
            new AggregateFeature("amount_avg_10m", "amount", AggregateFunction.Avg, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(10)),
            new AggregateFeature("amount_sum_1h", "amount", AggregateFunction.Sum, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)),
            new AggregateFeature("amount_max_1d", "amount", AggregateFunction.Max, TimeSpan.FromDays(1), TimeSpan.FromHours(1)),
            new AggregateFeature("txn_count_1d", "amount", AggregateFunction.Count, TimeSpan.FromDays(1), TimeSpan.FromHours(1)),
        ],
        MaxAge: TimeSpan.FromDays(1),
        AllowedLateness: TimeSpan.FromMinutes(10),
        Description: "benchmark card transactions");

    /// <summary>The same set as <c>POST /api/v1/featuresets</c> creates it.</summary>
    public static byte[] CreateBody() => JsonSerializer.SerializeToUtf8Bytes(new
    {
        name = SetName,
        entityKey = "cardId",
        features = new[]
        {
            new { name = "amount", type = "float" }, new { name = "merchant", type = "string" },
            new { name = "items", type = "int" }, new { name = "online", type = "bool" },
        },
        aggregates = new[]
        {
            new { name = "amount_avg_10m", feature = "amount", function = "avg", window = "10m", hop = "10s" },
            new { name = "amount_sum_1h", feature = "amount", function = "sum", window = "1h", hop = "1m" },
            new { name = "amount_max_1d", feature = "amount", function = "max", window = "1d", hop = "1h" },
            new { name = "txn_count_1d", feature = "amount", function = "count", window = "1d", hop = "1h" },
        },
        maxAge = "1d",
        allowedLateness = "10m",
        description = "benchmark card transactions",
    });

    /// <summary>
    /// <paramref name="perEntity"/> events for each of the entities <paramref name="from"/> (inclusive) to
    /// <paramref name="to"/> (exclusive), entity by entity, each with a new id.
    /// </summary>
    public IEnumerable<FeatureEvent> EventsFor(int from, int to, int perEntity, DateTimeOffset now)
    {
        var random = new Random(HashCode.Combine(seed, from, to, perEntity));
        for (var entity = from; entity < to; entity++)
        {
            for (var n = 0; n < perEntity; n++)
            {
                yield return Event(random, entity, now);
            }
        }
    }

    /// <summary><paramref name="count"/> events of entities drawn at random, as a stream of card payments would bring them.</summary>
    public IReadOnlyList<FeatureEvent> RandomEvents(Random random, int count, DateTimeOffset now)
    {
        var events = new FeatureEvent[count];
        for (var i = 0; i < count; i++)
        {
            events[i] = Event(random, random.Next(entities), now);
        }
        return events;
    }

    /// <summary>An event of one entity at <paramref name="time"/> whose <c>items</c> carries a marker the caller waits for.</summary>
    public FeatureEvent Marked(int entity, long marker, DateTimeOffset time) => new(
        NextId(), Entity(entity), time,
        new Dictionary<string, FeatureValue> { ["amount"] = 1.0, ["items"] = marker });

    /// <summary><paramref name="count"/> distinct entity names drawn at random.</summary>
    public IReadOnlyList<string> SampleEntities(Random random, int count)
    {
        var chosen = new HashSet<int>();
        while (chosen.Count < Math.Min(count, entities))
        {
            chosen.Add(random.Next(entities));
        }
        return [.. chosen.Select(Entity)];
    }

    private FeatureEvent Event(Random random, int entity, DateTimeOffset now) => new(
        NextId(),
        Entity(entity),
        // Whole milliseconds: the time a JSON client and the Redis peer keep.
        DateTimeOffset.FromUnixTimeMilliseconds((now - random.NextDouble() * EventSpread).ToUnixTimeMilliseconds()),
        new Dictionary<string, FeatureValue>
        {
            ["amount"] = Math.Round(random.NextDouble() * 500, 2),
            ["merchant"] = Merchants[random.Next(Merchants.Length)],
            ["items"] = random.Next(1, 10),
            ["online"] = random.Next(2) == 0,
        });

    private string NextId() => string.Create(CultureInfo.InvariantCulture, $"e{Interlocked.Increment(ref _nextEvent)}-{seed}");
}
