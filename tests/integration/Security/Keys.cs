using System.Net;
using System.Net.Http.Json;
using Mle.Tests.Integration.Api;

namespace Mle.Tests.Integration.Security;

/// <summary>The admin API calls the security tests make.</summary>
internal static class Keys
{
    /// <summary>Creates a key with <paramref name="admin"/>; returns the key (shown once) and its id.</summary>
    public static async Task<(string Key, string Id)> Create(HttpClient admin, string role, string? tenant = null, string? name = null)
    {
        var response = await admin.PostAsJsonAsync("/api/v1/admin/keys", new { role, tenant, name });
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
        var created = System.Text.Json.Nodes.JsonNode.Parse(body)!.AsObject();
        return ((string)created["key"]!, (string)created["info"]!["id"]!);
    }

    /// <summary>The key with the last character of its secret changed: the right id, a wrong secret.</summary>
    public static string Tampered(string key) => key[..^1] + (key[^1] == 'a' ? 'b' : 'a');

    public static Task<HttpResponseMessage> Revoke(HttpClient admin, string id, string? tenant = null) =>
        admin.DeleteAsync($"/api/v1/admin/keys/{id}" + (tenant is null ? "" : $"?tenant={tenant}"));

    public static async Task Unauthenticated(HttpResponseMessage response) =>
        await response.AssertProblem(HttpStatusCode.Unauthorized, Mle.Errors.ErrorCodes.Unauthenticated);
}
