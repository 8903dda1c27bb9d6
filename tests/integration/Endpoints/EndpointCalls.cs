using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;

namespace Mle.Tests.Integration.Endpoints;

/// <summary>The endpoint REST calls the node tests make, so each test reads as its scenario.</summary>
internal static class EndpointCalls
{
    /// <summary>PUTs a spec and asserts it was accepted; returns the endpoint as answered.</summary>
    public static async Task<JsonObject> PutEndpoint(this HttpClient http, string name, string spec)
    {
        var response = await http.PutAsync($"/api/v1/endpoints/{name}", new StringContent(spec, System.Text.Encoding.UTF8, "application/json"));
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    /// <summary>Scores rows (JSON objects) through an endpoint and asserts a 200; returns the answer.</summary>
    public static async Task<JsonObject> ScoreEndpoint(this HttpClient http, string name, IEnumerable<string> rows)
    {
        var response = await http.ScoreEndpointRaw(name, rows);
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static Task<HttpResponseMessage> ScoreEndpointRaw(this HttpClient http, string name, IEnumerable<string> rows) =>
        http.PostJson($"/api/v1/endpoints/{name}/score", "{\"rows\": [" + string.Join(", ", rows) + "]}");

    /// <summary>The endpoint's variants and nodes, summed over the silos.</summary>
    public static async Task<JsonArray> Variants(this HttpClient http, string name) =>
        (await (await http.GetAsync($"/api/v1/endpoints/{name}/variants")).Json())["variants"]!.AsArray();

    /// <summary>One variant's numbers: the one at <paramref name="node"/> of <paramref name="kind"/> named <paramref name="variant"/>, or null.</summary>
    public static JsonNode? Variant(this JsonArray variants, string node, string kind, string variant) =>
        variants.SingleOrDefault(v => (string?)v!["node"] == node && (string?)v["kind"] == kind && (string?)v["name"] == variant);

    /// <summary>A request row of the binary models: an entity and X1, X2.</summary>
    public static string Row(string customer, float x1, float x2) =>
        string.Create(CultureInfo.InvariantCulture, $$"""{"customerId": "{{customer}}", "X1": {{x1:R}}, "X2": {{x2:R}}}""");

    /// <summary>Rows spread over both signs of X1 and X2, so models and rules disagree on some of them.</summary>
    public static (string Customer, float X1, float X2)[] Spread(int count) =>
        [.. Enumerable.Range(0, count).Select(i => ($"c{i}", (i % 9 - 4) * 0.45f, ((i * 5) % 7 - 3) * 0.6f))];

    public static float Float(this JsonNode? node) => (float)(double)node!;
}
