using System.Net;
using System.Text.Json.Nodes;
using Mle.Security;
using Mle.Tests.Integration.Api;

namespace Mle.Tests.Integration.Audit;

/// <summary>Reading the audit log over REST, as the audit tests do.</summary>
internal static class AuditLog
{
    /// <summary>The entries <c>GET /api/v1/admin/audit?{query}</c> returns on its first page, newest first.</summary>
    public static async Task<JsonArray> Entries(HttpClient admin, string query)
    {
        var page = await Page(admin, query);
        return page["items"]!.AsArray();
    }

    public static async Task<JsonObject> Page(HttpClient admin, string query)
    {
        var response = await admin.GetAsync($"/api/v1/admin/audit?{query}");
        var body = await response.Content.ReadAsStringAsync();
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode}: {body}");
        return JsonNode.Parse(body)!.AsObject();
    }

    /// <summary>The id of an API key (<c>mle_&lt;id&gt;_&lt;secret&gt;</c>): the actor its changes are recorded under.</summary>
    public static string IdOf(string key) => ApiKeyToken.TryParse(key, out var token) ? token.Id : throw new ArgumentException("Not an API key.", nameof(key));

    public static string[] Actions(JsonArray entries) => entries.Select(e => (string)e!["action"]!).ToArray();
}
