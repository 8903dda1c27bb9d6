using StackExchange.Redis;

namespace Mle.Bench.FeaturePeer;

/// <summary>
/// How the Feast-style online store lays an entity out in Redis: one hash per entity (<c>{set}:{entity}</c>) with a
/// field per feature holding its value as JSON text, and a field <c>_ts:{feature}</c> holding its event time in Unix
/// milliseconds. The loader writes this layout and the peer reads it with one <c>HMGET</c> per entity, so the two
/// share it here.
/// </summary>
public static class FeatureHashLayout
{
    private const string TimePrefix = "_ts:";

    public static RedisKey Key(string featureSet, string entity) => $"{featureSet}:{entity}";

    /// <summary>The fields one <c>HMGET</c> asks for: every feature's value, then every feature's event time.</summary>
    public static RedisValue[] Fields(IReadOnlyList<string> features)
    {
        var fields = new RedisValue[features.Count * 2];
        for (var i = 0; i < features.Count; i++)
        {
            fields[i] = features[i];
            fields[features.Count + i] = TimePrefix + features[i];
        }
        return fields;
    }

    /// <summary>
    /// The hash of one entity. A feature without a value (<paramref name="json"/> null) is left out, so the peer reads
    /// it as NOT_FOUND; a JSON <c>null</c> is stored and read as NULL.
    /// </summary>
    public static HashEntry[] Entries(IReadOnlyList<string> features, IReadOnlyList<string?> json, IReadOnlyList<DateTimeOffset?> eventTimes)
    {
        if (json.Count != features.Count || eventTimes.Count != features.Count)
        {
            throw new ArgumentException($"{features.Count} features need as many values and event times (got {json.Count} and {eventTimes.Count}).");
        }
        var entries = new List<HashEntry>(features.Count * 2);
        for (var i = 0; i < features.Count; i++)
        {
            if (json[i] is not { } value)
            {
                continue;
            }
            entries.Add(new HashEntry(features[i], value));
            if (eventTimes[i] is { } time)
            {
                entries.Add(new HashEntry(TimePrefix + features[i], time.ToUnixTimeMilliseconds()));
            }
        }
        return [.. entries];
    }

    /// <summary>A stored event time back as a time, or null when the field is absent.</summary>
    public static DateTimeOffset? EventTime(RedisValue stored) => stored.IsNull ? null : DateTimeOffset.FromUnixTimeMilliseconds((long)stored);

    /// <summary>The stored JSON text of a value as UTF-8, ready to be written raw into a response.</summary>
    public static ReadOnlySpan<byte> Json(RedisValue stored) => (byte[])stored!;
}
