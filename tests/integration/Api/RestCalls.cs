using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace Mle.Tests.Integration.Api;

/// <summary>The REST calls the gateway tests make, written once so each test reads as its scenario.</summary>
internal static class RestCalls
{
    public static string UniqueName(string prefix) => $"{prefix}-{Guid.NewGuid():N}"[..(prefix.Length + 13)];

    public static async Task<HttpResponseMessage> CreateModel(this HttpClient http, string name, string? description = null, object? tags = null) =>
        await http.PostAsJsonAsync("/api/v1/models", new { name, description, tags });

    public static async Task<HttpResponseMessage> UploadVersion(
        this HttpClient http, string model, byte[] artifact, string? flavor = null, string? metrics = null, string? tags = null, string? lineage = null)
    {
        using var form = new MultipartFormDataContent();
        var file = new ByteArrayContent(artifact);
        file.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        form.Add(file, "artifact", "model.bin");
        AddIfSet(form, "flavor", flavor);
        AddIfSet(form, "metrics", metrics);
        AddIfSet(form, "tags", tags);
        AddIfSet(form, "lineage", lineage);
        return await http.PostAsync($"/api/v1/models/{model}/versions", form);
    }

    /// <summary>Creates a model and uploads one version of it; returns the version's JSON.</summary>
    public static async Task<JsonObject> RegisterModel(this HttpClient http, string name, byte[] artifact)
    {
        (await http.CreateModel(name)).EnsureSuccessStatusCode();
        var upload = await http.UploadVersion(name, artifact);
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        return await upload.Json();
    }

    public static Task<HttpResponseMessage> SetAlias(this HttpClient http, string model, string alias, int version) =>
        http.PutAsJsonAsync($"/api/v1/models/{model}/aliases/{alias}", new { version });

    public static Task<HttpResponseMessage> PostJson(this HttpClient http, string path, string json) =>
        http.PostAsync(path, new StringContent(json, System.Text.Encoding.UTF8, "application/json"));

    public static async Task<JsonObject> Json(this HttpResponseMessage response) =>
        JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();

    /// <summary>Asserts an RFC 9457 problem with the given status and stable code; returns it.</summary>
    public static async Task<JsonObject> AssertProblem(this HttpResponseMessage response, HttpStatusCode status, string code)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        var problem = JsonNode.Parse(body)!.AsObject();
        Assert.Equal(code, (string?)problem["code"]);
        Assert.Equal((int)status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]));
        return problem;
    }

    /// <summary>Asserts an Open Inference Protocol error: <c>{"error": "..."}</c> and nothing else.</summary>
    public static async Task<string> AssertInferenceError(this HttpResponseMessage response, HttpStatusCode status)
    {
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(status == response.StatusCode, $"Expected {(int)status}, got {(int)response.StatusCode}: {body}");
        var error = JsonNode.Parse(body)!.AsObject();
        Assert.Single(error);
        return (string)error["error"]!;
    }

    public static JsonElement Element(this JsonNode node) => JsonSerializer.SerializeToElement(node);

    private static void AddIfSet(MultipartFormDataContent form, string name, string? value)
    {
        if (value is not null)
        {
            form.Add(new StringContent(value), name);
        }
    }
}
