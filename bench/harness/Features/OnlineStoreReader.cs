using System.Text.Json;
using Mle.Bench.FeaturePeer;
using Mle.Features;
using StackExchange.Redis;

namespace Mle.Bench.Features;

/// <summary>
/// The in-process baseline of an SDK lookup, what a Feast client's online read does against its Redis: one
/// pipelined <c>HMGET</c> per entity, then every value decoded from its JSON text and its event time, into the
/// same typed rows the platform's SDK returns.
/// </summary>
public sealed class OnlineStoreReader(IDatabase redis, string featureSet)
{
    public async Task<FeatureLookupResult> Lookup(IReadOnlyList<string> entities, IReadOnlyList<string> features)
    {
        var fields = FeatureHashLayout.Fields(features);
        var reads = new Task<RedisValue[]>[entities.Count];
        for (var i = 0; i < entities.Count; i++)
        {
            reads[i] = redis.HashGetAsync(FeatureHashLayout.Key(featureSet, entities[i]), fields);
        }
        await Task.WhenAll(reads);
        var rows = new FeatureRow[entities.Count];
        for (var e = 0; e < entities.Count; e++)
        {
            var stored = reads[e].Result;
            var values = new FeatureValue[features.Count];
            var statuses = new FeatureStatus[features.Count];
            var times = new DateTimeOffset?[features.Count];
            for (var f = 0; f < features.Count; f++)
            {
                statuses[f] = stored[f].IsNull ? FeatureStatus.NotFound : FeatureStatus.Present;
                values[f] = stored[f].IsNull ? FeatureValue.Null : Decode(FeatureHashLayout.Json(stored[f]));
                if (values[f].IsNull && !stored[f].IsNull)
                {
                    statuses[f] = FeatureStatus.Null;
                }
                times[f] = FeatureHashLayout.EventTime(stored[features.Count + f]);
            }
            rows[e] = new FeatureRow(entities[e], values, statuses, times);
        }
        return new FeatureLookupResult(features, rows, DateTimeOffset.UtcNow);
    }

    /// <summary>A stored JSON value back as a typed value: a number, string, boolean or null.</summary>
    public static FeatureValue Decode(ReadOnlySpan<byte> json)
    {
        var reader = new Utf8JsonReader(json);
        reader.Read();
        return reader.TokenType switch
        {
            JsonTokenType.Number when reader.TryGetInt64(out var whole) && json.IndexOfAny("."u8) < 0 && json.IndexOfAny("eE"u8) < 0 => FeatureValue.Int(whole),
            JsonTokenType.Number => FeatureValue.Float(reader.GetDouble()),
            JsonTokenType.String => FeatureValue.String(reader.GetString()!),
            JsonTokenType.True => FeatureValue.Bool(true),
            JsonTokenType.False => FeatureValue.Bool(false),
            _ => FeatureValue.Null,
        };
    }
}
