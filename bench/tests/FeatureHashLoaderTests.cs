using System.Text.Json;
using Mle.Bench.Features;
using Mle.Bench.Servers;
using Mle.Features;

namespace Mle.Bench.Tests;

public sealed class FeatureHashLoaderTests
{
    private static readonly string[] Features = ["amount", "merchant", "items", "amount_avg_10m"];

    private const string Row = """
        {"entity":"c1","values":[12.5,"grocer",null,null],"statuses":["PRESENT","PRESENT","NULL","NOT_FOUND"],
         "eventTimes":["2026-11-28T10:00:00.123+00:00","2026-11-28T10:00:01+00:00","2026-11-28T10:00:02+00:00",null]}
        """;

    [Fact]
    public void A_rest_row_becomes_json_values_with_event_times_and_not_found_stays_out()
    {
        using var row = JsonDocument.Parse(Row);

        var (entity, entries) = FeatureHashLoader.Hash(Features, row.RootElement);

        Assert.Equal("c1", entity);
        var hash = entries.ToDictionary(e => (string)e.Name!, e => (string)e.Value!);
        Assert.Equal("12.5", hash["amount"]);
        Assert.Equal("\"grocer\"", hash["merchant"]);
        Assert.Equal("null", hash["items"]);
        Assert.False(hash.ContainsKey("amount_avg_10m"));
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T10:00:00.123Z", CultureInfo.InvariantCulture).ToUnixTimeMilliseconds().ToString(CultureInfo.InvariantCulture), hash["_ts:amount"]);
    }

    [Fact]
    public void An_sdk_row_is_stored_as_the_rest_row_of_the_same_values_is()
    {
        using var json = JsonDocument.Parse(Row);
        var sdk = new FeatureRow("c1",
            [FeatureValue.Float(12.5), FeatureValue.String("grocer"), FeatureValue.Null, FeatureValue.Null],
            [FeatureStatus.Present, FeatureStatus.Present, FeatureStatus.Null, FeatureStatus.NotFound],
            [DateTimeOffset.Parse("2026-11-28T10:00:00.123Z", CultureInfo.InvariantCulture), DateTimeOffset.Parse("2026-11-28T10:00:01Z", CultureInfo.InvariantCulture),
             DateTimeOffset.Parse("2026-11-28T10:00:02Z", CultureInfo.InvariantCulture), null]);

        var fromRest = FeatureHashLoader.Hash(Features, json.RootElement).Entries.Select(e => ((string)e.Name!, (string)e.Value!));
        var fromSdk = FeatureHashLoader.Hash(Features, sdk).Entries.Select(e => ((string)e.Name!, (string)e.Value!));

        Assert.Equal(fromRest, fromSdk);
    }

    [Fact]
    public void A_row_with_fewer_values_than_features_is_refused()
    {
        using var row = JsonDocument.Parse("""{"entity":"c1","values":[1],"statuses":["PRESENT"],"eventTimes":[null]}""");

        Assert.Throws<FormatException>(() => FeatureHashLoader.Hash(Features, row.RootElement));
    }

    [Fact]
    public async Task Loaded_entities_read_back_through_the_online_store_with_their_values_statuses_and_times()
    {
        Assert.True(RedisProcess.Installed, "redis-server is not installed: apt-get install -y redis-server");
        await using var redis = await RedisProcess.Start();
        using var response = JsonDocument.Parse($$"""{"features":["amount","merchant","items","amount_avg_10m"],"results":[{{Row}}]}""");

        var loaded = await FeatureHashLoader.Load(redis.Connection.GetDatabase(), "card", response.RootElement);
        var read = await new OnlineStoreReader(redis.Connection.GetDatabase(), "card").Lookup(["c1", "unknown"], Features);

        Assert.Equal(1, loaded);
        var row = read.Rows[0];
        Assert.Equal([FeatureValue.Float(12.5), FeatureValue.String("grocer"), FeatureValue.Null, FeatureValue.Null], row.Values);
        Assert.Equal([FeatureStatus.Present, FeatureStatus.Present, FeatureStatus.Null, FeatureStatus.NotFound], row.Statuses);
        Assert.Equal(DateTimeOffset.Parse("2026-11-28T10:00:00.123Z", CultureInfo.InvariantCulture), row.EventTimes[0]);
        Assert.All(read.Rows[1].Statuses, status => Assert.Equal(FeatureStatus.NotFound, status));
    }

    [Theory]
    [InlineData("12.5", FeatureValueKind.Float)]
    [InlineData("12", FeatureValueKind.Int)]
    [InlineData("1e3", FeatureValueKind.Float)]
    [InlineData("\"grocer\"", FeatureValueKind.String)]
    [InlineData("true", FeatureValueKind.Bool)]
    [InlineData("null", FeatureValueKind.Null)]
    public void The_online_store_decodes_each_stored_json_value_to_its_kind(string json, FeatureValueKind kind)
    {
        Assert.Equal(kind, OnlineStoreReader.Decode(System.Text.Encoding.UTF8.GetBytes(json)).Kind);
    }
}
