using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>The pipeline REST calls the tests make, with the bodies.</summary>
internal static class PipelineCalls
{
    public static readonly TimeSpan Patience = TimeSpan.FromSeconds(60);

    public static async Task<JsonObject> CreatePipeline(this HttpClient http, string definition)
    {
        var response = await http.PostJson("/api/v1/pipelines", definition);
        Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    public static async Task<JsonObject> Command(this HttpClient http, string pipeline, string command, int? version = null)
    {
        var path = $"/api/v1/pipelines/{pipeline}/{command}" + (version is { } v ? $"?version={v}" : "");
        var response = await http.PostAsync(path, null);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{command}: {await response.Content.ReadAsStringAsync()}");
        return await response.Json();
    }

    /// <summary>One event of the feature mart's shape; <paramref name="values"/> is the JSON of its values.</summary>
    public static string Event(string id, string? entity, string values, DateTimeOffset? time = null) =>
        "{\"id\": \"" + id + "\", " + (entity is null ? "" : "\"entity\": \"" + entity + "\", ")
        + "\"time\": \"" + (time ?? DateTimeOffset.UtcNow).ToString("O", CultureInfo.InvariantCulture) + "\", \"values\": " + values + "}";

    public static Task<HttpResponseMessage> Push(this HttpClient http, string pipeline, IEnumerable<string> events) =>
        http.PostJson($"/api/v1/pipelines/{pipeline}/events", $$"""{"events": [{{string.Join(", ", events)}}]}""");

    public static async Task Pushed(this HttpClient http, string pipeline, IEnumerable<string> events)
    {
        var response = await http.Push(pipeline, events);
        Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
    }

    public static async Task<JsonObject> Status(this HttpClient http, string pipeline)
    {
        var response = await http.GetAsync($"/api/v1/pipelines/{pipeline}");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }

    /// <summary>The pipeline's status once every event pushed has been processed (counted in, and nothing in flight).</summary>
    public static Task<JsonObject> Settled(this HttpClient http, string pipeline, long events) =>
        Eventually.Holds(() => http.Status(pipeline),
            s => (long?)s["counters"]!["in"] >= events && (long?)s["inFlight"] == 0, Patience, $"pipeline {pipeline} processing {events} events");

    public static async Task<JsonObject> DeadLetters(this HttpClient http, string pipeline)
    {
        var response = await http.GetAsync($"/api/v1/pipelines/{pipeline}/deadletters?pageSize=500");
        Assert.True(response.StatusCode == HttpStatusCode.OK, await response.Content.ReadAsStringAsync());
        return await response.Json();
    }
}
