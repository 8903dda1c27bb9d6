using System.Net;
using System.Net.Http.Json;
using System.Text.Json;

namespace Mle.Bench.Servers;

/// <summary>The few registry calls the harness makes, over the platform's fixed /api/v1 routes.</summary>
public sealed class PlatformRestClient(HttpClient client)
{
    /// <summary>Creates the model; an existing one is fine, so a harness step can be repeated.</summary>
    public async Task CreateModel(string name)
    {
        using var response = await client.PostAsJsonAsync("api/v1/models", new { name, description = "benchmark model", tags = new Dictionary<string, string>() });
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await EnsureSuccess(response, $"create model '{name}'");
        }
    }

    /// <summary>Uploads an ML.NET zip as the model's next version and returns the version number.</summary>
    public async Task<int> RegisterVersion(string name, string artifactPath)
    {
        using var form = new MultipartFormDataContent();
        var artifact = new StreamContent(File.OpenRead(artifactPath));
        form.Add(artifact, "artifact", Path.GetFileName(artifactPath));
        form.Add(new StringContent("mlnet"), "flavor");
        using var response = await client.PostAsync($"api/v1/models/{name}/versions", form);
        await EnsureSuccess(response, $"register a version of '{name}'");
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        return document.RootElement.GetProperty("version").GetInt32();
    }

    public static async Task EnsureSuccess(HttpResponseMessage response, string what)
    {
        if (!response.IsSuccessStatusCode)
        {
            var body = await response.Content.ReadAsStringAsync();
            throw new InvalidOperationException($"The platform could not {what}: {(int)response.StatusCode} {Truncate(body)}");
        }
    }

    private static string Truncate(string text) => text.Length <= 300 ? text : text[..300] + "…";
}
