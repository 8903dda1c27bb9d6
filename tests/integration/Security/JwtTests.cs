using System.Net;
using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Security;

/// <summary>Issue 7: JWT bearer tokens, signed here with a static key (no issuer on the network).</summary>
public sealed class JwtTests : IAsyncLifetime
{
    private const string Issuer = "https://issuer.test";
    private const string Audience = "orleans-mle";
    private static readonly byte[] SigningKey = System.Security.Cryptography.RandomNumberGenerator.GetBytes(32);
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
    {
        ["Mle:Security:Jwt:Issuer"] = Issuer,
        ["Mle:Security:Jwt:Audience"] = Audience,
        ["Mle:Security:Jwt:SigningKey"] = Convert.ToBase64String(SigningKey),
        ["Mle:Security:Jwt:TenantClaim"] = "org",
        ["Mle:Security:Jwt:RoleClaim"] = "mle_role",
    });

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    private static string Token(Dictionary<string, object> claims, string audience = Audience, byte[]? key = null, DateTime? expires = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = audience,
            Claims = claims,
            Subject = new ClaimsIdentity([new Claim("sub", "alice")]),
            Expires = expires ?? DateTime.UtcNow.AddMinutes(10),
            NotBefore = (expires ?? DateTime.UtcNow.AddMinutes(10)).AddMinutes(-20),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key ?? SigningKey), SecurityAlgorithms.HmacSha256),
        });

    [Fact]
    public async Task A_tokens_change_is_audited_under_its_subject_in_its_tenant()
    {
        using var scientist = Silo.ClientWithKey(Token(new() { ["org"] = "jwt-audit", ["mle_role"] = "scientist" }));
        var name = RestCalls.UniqueName("jwtaudit");
        Assert.Equal(HttpStatusCode.Created, (await scientist.CreateModel(name)).StatusCode);

        var entry = Assert.Single(await Audit.AuditLog.Entries(Silo.Http, $"tenant=jwt-audit&resource=models/{name}"))!;
        Assert.Equal("alice", (string?)entry["actor"]);
        Assert.Equal("jwt", (string?)entry["credential"]);
        Assert.Equal("scientist", (string?)entry["role"]);
        Assert.Equal("jwt-audit", (string?)entry["tenant"]);
    }

    [Fact]
    public async Task A_valid_token_acts_in_its_tenant_with_its_role()
    {
        using var scientist = Silo.ClientWithKey(Token(new() { ["org"] = "jwt-team", ["mle_role"] = "scientist" }));
        var name = RestCalls.UniqueName("jwt");
        Assert.Equal(HttpStatusCode.Created, (await scientist.CreateModel(name)).StatusCode);

        // Another tenant (the admin key's) does not see it; a viewer token of the same tenant does, and cannot write.
        await (await Silo.Http.GetAsync($"/api/v1/models/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
        using var viewer = Silo.ClientWithKey(Token(new() { ["org"] = "jwt-team", ["mle_role"] = "viewer" }));
        Assert.Equal(HttpStatusCode.OK, (await viewer.GetAsync($"/api/v1/models/{name}")).StatusCode);
        await (await viewer.CreateModel(RestCalls.UniqueName("jwt"))).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    public static TheoryData<string> BadTokens() => ["wrong audience", "wrong key", "expired", "no tenant claim", "unknown role"];

    [Theory]
    [MemberData(nameof(BadTokens))]
    public async Task A_bad_token_is_401(string why)
    {
        var token = why switch
        {
            "wrong audience" => Token(new() { ["org"] = "t", ["mle_role"] = "admin" }, audience: "someone-else"),
            "wrong key" => Token(new() { ["org"] = "t", ["mle_role"] = "admin" }, key: new byte[32]),
            "expired" => Token(new() { ["org"] = "t", ["mle_role"] = "admin" }, expires: DateTime.UtcNow.AddHours(-1)),
            "no tenant claim" => Token(new() { ["mle_role"] = "admin" }),
            _ => Token(new() { ["org"] = "t", ["mle_role"] = "root" }),
        };
        using var client = Silo.ClientWithKey(token);
        await Keys.Unauthenticated(await client.GetAsync("/api/v1/models"));
        using var v2 = await client.GetAsync("/v2/models/anything");
        Assert.Equal(HttpStatusCode.Unauthorized, v2.StatusCode);
    }

    [Fact]
    public async Task API_keys_keep_working_beside_tokens()
    {
        Assert.Equal(HttpStatusCode.OK, (await Silo.Http.GetAsync("/api/v1/models")).StatusCode);
    }
}
