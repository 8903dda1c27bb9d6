using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>Issue 7, identity: API keys, the 401 shapes, revocation, and the tenant taken from the key.</summary>
public sealed class AuthenticationTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private TestSilo Silo => fixture.Silo;

    public static TheoryData<string, string> GatewayRoutes() => new()
    {
        { "GET", "/api/v1/models" },
        { "POST", "/api/v1/models" },
        { "GET", "/api/v1/models/churn" },
        { "POST", "/api/v1/models/churn/versions" },
        { "GET", "/api/v1/models/churn/versions" },
        { "GET", "/api/v1/models/churn/versions/1" },
        { "GET", "/api/v1/models/churn/versions/1/artifact" },
        { "POST", "/api/v1/models/churn/versions/1/archive" },
        { "PUT", "/api/v1/models/churn/aliases/champion" },
        { "DELETE", "/api/v1/models/churn/aliases/champion" },
        { "POST", "/api/v1/models/churn/versions/1/score" },
        { "POST", "/api/v1/models/churn@champion/score" },
        { "GET", "/api/v1/admin/keys" },
        { "POST", "/api/v1/admin/keys" },
        { "DELETE", "/api/v1/admin/keys/abc" },
        { "GET", "/v2" },
        { "GET", "/v2/models/churn" },
        { "GET", "/v2/models/churn/versions/1" },
        { "GET", "/v2/models/churn/ready" },
        { "GET", "/v2/models/churn/versions/1/ready" },
        { "POST", "/v2/models/churn/infer" },
        { "POST", "/v2/models/churn/versions/1/infer" },
    };

    [Theory]
    [MemberData(nameof(GatewayRoutes))]
    public async Task Every_gateway_route_without_credentials_is_401_in_its_routes_shape(string method, string path)
    {
        using var anonymous = Silo.ClientWithKey(null);
        using var response = await anonymous.SendAsync(new HttpRequestMessage(new HttpMethod(method), path) { Content = JsonContent.Create(new { }) });

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("Bearer", response.Headers.WwwAuthenticate.Single().Scheme);
        var body = JsonNode.Parse(await response.Content.ReadAsStringAsync())!.AsObject();
        if (path.StartsWith("/v2", StringComparison.Ordinal))
        {
            Assert.Equal(["error"], body.Select(p => p.Key));
        }
        else
        {
            Assert.Equal(ErrorCodes.Unauthenticated, (string?)body["code"]);
        }
    }

    [Theory]
    [InlineData("/healthz/live")]
    [InlineData("/healthz/ready")]
    [InlineData("/v2/health/live")]
    [InlineData("/v2/health/ready")]
    public async Task Health_endpoints_need_no_credentials(string path)
    {
        using var anonymous = Silo.ClientWithKey(null);
        using var response = await anonymous.GetAsync(path);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Theory]
    [InlineData("Bearer mle_0123456789abcdef_0000000000000000000000000000000000000000000000000000000000000000")]
    [InlineData("Bearer not-a-key")]
    [InlineData("Basic dXNlcjpwYXNz")]
    [InlineData("Bearer ")]
    public async Task A_wrong_or_malformed_credential_is_401(string authorization)
    {
        using var client = Silo.ClientWithKey(null);
        client.DefaultRequestHeaders.TryAddWithoutValidation("Authorization", authorization);
        await Keys.Unauthenticated(await client.GetAsync("/api/v1/models"));
    }

    [Fact]
    public async Task A_key_with_a_wrong_secret_is_401_even_while_the_right_one_is_cached()
    {
        var (key, _) = await Keys.Create(Silo.Http, "viewer");
        using var right = Silo.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await right.GetAsync("/api/v1/models")).StatusCode);

        using var wrong = Silo.ClientWithKey(Keys.Tampered(key));
        await Keys.Unauthenticated(await wrong.GetAsync("/api/v1/models"));
    }

    [Fact]
    public async Task Requests_on_one_connection_are_each_authenticated_by_the_key_they_present()
    {
        var (viewer, _) = await Keys.Create(Silo.Http, "viewer");
        using var connection = new HttpClient(new SocketsHttpHandler { MaxConnectionsPerServer = 1 }) { BaseAddress = Silo.BaseAddress, Timeout = TimeSpan.FromSeconds(60) };

        async Task<HttpResponseMessage> Send(HttpMethod method, string path, string authorization)
        {
            var request = new HttpRequestMessage(method, path);
            request.Headers.TryAddWithoutValidation("Authorization", authorization);
            return await connection.SendAsync(request);
        }

        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/models", $"Bearer {viewer}")).StatusCode);
        await Keys.Unauthenticated(await Send(HttpMethod.Get, "/api/v1/models", $"Bearer {Keys.Tampered(viewer)}"));
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/models", $"Bearer  {viewer} ")).StatusCode);
        await (await Send(HttpMethod.Get, "/api/v1/admin/keys", $"Bearer {viewer}")).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        Assert.Equal(HttpStatusCode.OK, (await Send(HttpMethod.Get, "/api/v1/admin/keys", $"Bearer {Silo.AdminKey}")).StatusCode);
        await Keys.Unauthenticated(await Send(HttpMethod.Get, "/api/v1/models", "Bearer not-a-key"));
    }

    [Fact]
    public async Task A_created_key_is_shown_once_listed_without_its_secret_and_stops_working_when_revoked()
    {
        var (key, id) = await Keys.Create(Silo.Http, "scientist", name: "ci-pipeline");
        Assert.StartsWith($"mle_{id}_", key);

        var listed = await Silo.Http.GetStringAsync("/api/v1/admin/keys");
        Assert.Contains(id, listed);
        Assert.DoesNotContain(key, listed);
        Assert.DoesNotContain(key[(key.LastIndexOf('_') + 1)..], listed);

        using var client = Silo.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.Created, (await client.CreateModel(RestCalls.UniqueName("by-key"))).StatusCode);

        var revoked = await Keys.Revoke(Silo.Http, id);
        Assert.Equal(HttpStatusCode.OK, revoked.StatusCode);
        Assert.NotNull((string?)(await revoked.Json())["revokedAt"]);
        await Keys.Unauthenticated(await client.GetAsync("/api/v1/models"));
    }

    [Fact]
    public async Task The_tenant_comes_from_the_key_and_another_tenants_model_is_404()
    {
        var (acme, _) = await Keys.Create(Silo.Http, "scientist", tenant: "acme");
        var (globex, _) = await Keys.Create(Silo.Http, "admin", tenant: "globex");
        using var acmeClient = Silo.ClientWithKey(acme);
        using var globexClient = Silo.ClientWithKey(globex);
        var name = RestCalls.UniqueName("secret");
        await acmeClient.RegisterModel(name, TestModels.BinaryClassifier);

        await (await globexClient.GetAsync($"/api/v1/models/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
        await (await Silo.Http.GetAsync($"/api/v1/models/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
        Assert.DoesNotContain(name, await globexClient.GetStringAsync("/api/v1/models"));

        // The header that chose the tenant before is ignored.
        globexClient.DefaultRequestHeaders.Add("X-Mle-Tenant", "acme");
        await (await globexClient.GetAsync($"/api/v1/models/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
        Assert.Equal(HttpStatusCode.OK, (await acmeClient.GetAsync($"/api/v1/models/{name}")).StatusCode);
    }

    [Fact]
    public async Task An_admin_of_another_tenant_manages_only_its_own_keys()
    {
        var (globexAdmin, _) = await Keys.Create(Silo.Http, "admin", tenant: "globex");
        var (_, defaultKeyId) = await Keys.Create(Silo.Http, "viewer");
        using var globex = Silo.ClientWithKey(globexAdmin);

        var (_, own) = await Keys.Create(globex, "viewer");
        Assert.Contains(own, await globex.GetStringAsync("/api/v1/admin/keys"));
        Assert.DoesNotContain(defaultKeyId, await globex.GetStringAsync("/api/v1/admin/keys"));
        await (await globex.PostAsJsonAsync("/api/v1/admin/keys", new { role = "admin", tenant = "default" }))
            .AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await Keys.Revoke(globex, defaultKeyId)).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ApiKeyNotFound);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("scorer")]
    [InlineData("scientist")]
    [InlineData("operator")]
    public async Task Only_admins_reach_the_key_api(string role)
    {
        var (key, _) = await Keys.Create(Silo.Http, role);
        using var client = Silo.ClientWithKey(key);
        await (await client.GetAsync("/api/v1/admin/keys")).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        await (await client.PostAsJsonAsync("/api/v1/admin/keys", new { role = "admin" })).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Theory]
    [InlineData("""{"role": "root"}""")]
    [InlineData("""{"role": "4"}""")]
    [InlineData("""{"role": "viewer", "tenant": "two words"}""")]
    [InlineData("""{"role": "viewer", "name": "a\nb"}""")]
    public async Task A_key_request_with_a_bad_role_tenant_or_name_is_400(string body)
    {
        var response = await Silo.Http.PostJson("/api/v1/admin/keys", body);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }
}
