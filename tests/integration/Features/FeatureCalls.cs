using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;

namespace Mle.Tests.Integration.Features;

/// <summary>The feature mart REST calls the tests make, with the issue's own example bodies.</summary>
internal static class FeatureCalls
{
    /// <summary>The create body, under <paramref name="name"/>, plus a count over one minute.</summary>
    public static string CardSet(string name) => $$"""
        {"name": "{{name}}", "entityKey": "cardId", "features": [{"name": "amount", "type": "float"}],
         "aggregates": [{"name": "amount_avg_10m", "feature": "amount", "function": "avg", "window": "10m", "hop": "1s"},
                        {"name": "amount_count_1m", "feature": "amount", "function": "count", "window": "1m", "hop": "1s"}],
         "maxAge": "1d", "allowedLateness": "1m"}
        """;

    public static async Task CreateCardSet(this HttpClient http, string name)
    {
        var response = await http.PostJson("/api/v1/featuresets", CardSet(name));
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
    }

    /// <summary>One event as the issue writes it.</summary>
    public static string Event(string id, string entity, DateTimeOffset time, string amount) =>
        $$$"""{"id": "{{{id}}}", "entity": "{{{entity}}}", "time": "{{{time:O}}}", "values": {"amount": {{{amount}}}}}""";

    public static Task<HttpResponseMessage> Push(this HttpClient http, string set, params string[] events) =>
        http.PostJson($"/api/v1/featuresets/{set}/push", $$"""{"events": [{{string.Join(", ", events)}}]}""");

    public static async Task<JsonObject> Pushed(this HttpClient http, string set, params string[] events)
    {
        var response = await http.Push(set, events);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static Task<HttpResponseMessage> Lookup(this HttpClient http, string set, string[] entities, string[] features, DateTimeOffset? asOf = null) =>
        http.PostJson($"/api/v1/featuresets/{set}/lookup", new JsonObject
        {
            ["entities"] = new JsonArray([.. entities.Select(e => JsonValue.Create(e))]),
            ["features"] = new JsonArray([.. features.Select(f => JsonValue.Create(f))]),
            ["asOf"] = asOf is { } t ? JsonValue.Create(t.ToString("O")) : null,
        }.ToJsonString());

    public static async Task<JsonObject> LookedUp(this HttpClient http, string set, string[] entities, string[] features, DateTimeOffset? asOf = null)
    {
        var response = await http.Lookup(set, entities, features, asOf);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    /// <summary>A whole second in the recent past, so events are within every window and max age of <see cref="CardSet"/>.</summary>
    public static DateTimeOffset RecentSecond(int secondsAgo = 5)
    {
        var now = DateTimeOffset.UtcNow;
        return new DateTimeOffset(now.Ticks - now.Ticks % TimeSpan.TicksPerSecond, TimeSpan.Zero).AddSeconds(-secondsAgo);
    }
}
