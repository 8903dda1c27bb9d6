using Mle.Bench.FeaturePeer;
using StackExchange.Redis;

namespace Mle.Bench.Tests;

public sealed class FeatureHashLayoutTests
{
    private static readonly string[] Features = ["amount", "merchant", "amount_avg_10m"];

    [Fact]
    public void One_hmget_asks_for_every_value_then_every_event_time_in_feature_order()
    {
        var fields = FeatureHashLayout.Fields(Features).Select(f => (string)f!).ToArray();

        Assert.Equal(["amount", "merchant", "amount_avg_10m", "_ts:amount", "_ts:merchant", "_ts:amount_avg_10m"], fields);
    }

    [Fact]
    public void A_value_without_json_is_left_out_of_the_hash_and_a_json_null_is_kept()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);

        var entries = FeatureHashLayout.Entries(Features, ["12.5", null, "null"], [time, null, null]);

        Assert.Equal(
            [("amount", "12.5"), ("_ts:amount", "1800000000123"), ("amount_avg_10m", "null")],
            entries.Select(e => ((string)e.Name!, (string)e.Value!)).ToArray());
    }

    [Fact]
    public void An_event_time_reads_back_to_the_millisecond_and_an_absent_one_as_null()
    {
        var time = DateTimeOffset.FromUnixTimeMilliseconds(1_800_000_000_123);
        var stored = FeatureHashLayout.Entries(["amount"], ["1"], [time]).Single(e => e.Name == "_ts:amount").Value;

        Assert.Equal(time, FeatureHashLayout.EventTime(stored));
        Assert.Null(FeatureHashLayout.EventTime(RedisValue.Null));
    }

    [Fact]
    public void Values_and_event_times_must_match_the_features_one_to_one()
    {
        Assert.Throws<ArgumentException>(() => FeatureHashLayout.Entries(Features, ["1", "2"], [null, null, null]));
    }
}
