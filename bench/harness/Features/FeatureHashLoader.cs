using System.Text.Json;
using Mle.Bench.FeaturePeer;
using Mle.Features;
using StackExchange.Redis;

namespace Mle.Bench.Features;

/// <summary>
/// Loads the peer's Redis with the same entities the feature mart holds: what the platform's own lookup answered for
/// them (values as JSON, event times), written as one hash per entity in the layout the peer reads
/// (<see cref="FeatureHashLayout"/>), so that both servers answer a lookup with the same values. This is the Feast
/// materialization step: aggregates are computed elsewhere and the online store only keeps their latest values.
/// </summary>
public static class FeatureHashLoader
{
    /// <summary>
    /// One entity's hash from one row of a platform lookup response
    /// (<c>{"entity", "values": [...], "statuses": [...], "eventTimes": [...]}</c>, the columns in
    /// <paramref name="features"/> order). A NOT_FOUND value is left out of the hash, so the peer answers NOT_FOUND
    /// too; a NULL value is stored as JSON <c>null</c>.
    /// </summary>
    public static (string Entity, HashEntry[] Entries) Hash(IReadOnlyList<string> features, JsonElement row)
    {
        var entity = row.GetProperty("entity").GetString() ?? throw new FormatException("A lookup result has no entity.");
        var values = row.GetProperty("values");
        var statuses = row.GetProperty("statuses");
        var times = row.GetProperty("eventTimes");
        if (values.GetArrayLength() != features.Count || statuses.GetArrayLength() != features.Count || times.GetArrayLength() != features.Count)
        {
            throw new FormatException($"The result of '{entity}' does not have one value, status and event time per feature ({features.Count}).");
        }
        var json = new string?[features.Count];
        var eventTimes = new DateTimeOffset?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            json[i] = statuses[i].GetString() == "NOT_FOUND" ? null : values[i].GetRawText();
            eventTimes[i] = times[i].ValueKind == JsonValueKind.Null ? null : times[i].GetDateTimeOffset();
        }
        return (entity, FeatureHashLayout.Entries(features, json, eventTimes));
    }

    /// <summary>One entity's hash from a row the SDK returned, with the same encoding as the REST answer (JSON values).</summary>
    public static (string Entity, HashEntry[] Entries) Hash(IReadOnlyList<string> features, FeatureRow row)
    {
        var json = new string?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            json[i] = row.Statuses[i] == FeatureStatus.NotFound ? null : JsonSerializer.Serialize(row.Values[i].ToObject());
        }
        return (row.Entity, FeatureHashLayout.Entries(features, json, row.EventTimes));
    }

    /// <summary>Writes every row an SDK lookup returned, pipelined; returns how many.</summary>
    public static async Task<int> Load(IDatabase redis, string featureSet, FeatureLookupResult result)
    {
        await Task.WhenAll(result.Rows.Select(row => Write(redis, featureSet, Hash(result.Features, row))));
        return result.Rows.Count;
    }

    /// <summary>Writes every row of a lookup response (<c>{"features": [...], "results": [...]}</c>), pipelined; returns how many.</summary>
    public static async Task<int> Load(IDatabase redis, string featureSet, JsonElement lookupResponse)
    {
        var features = lookupResponse.GetProperty("features").EnumerateArray().Select(f => f.GetString()!).ToList();
        var results = lookupResponse.GetProperty("results");
        await Task.WhenAll(results.EnumerateArray().Select(row => Write(redis, featureSet, Hash(features, row))).ToList());
        return results.GetArrayLength();
    }

    // A reload replaces the entity's hash, as materializing newer values would; both commands go out pipelined.
    private static Task Write(IDatabase redis, string featureSet, (string Entity, HashEntry[] Entries) hash)
    {
        var key = FeatureHashLayout.Key(featureSet, hash.Entity);
        var deleted = redis.KeyDeleteAsync(key);
        return hash.Entries.Length == 0 ? deleted : Task.WhenAll(deleted, redis.HashSetAsync(key, hash.Entries));
    }
}
