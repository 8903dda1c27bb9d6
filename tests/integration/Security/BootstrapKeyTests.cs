using System.Net;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Security;

/// <summary>Issue 7: a new installation's first admin key, and the explicit switch that turns authentication off.</summary>
public sealed class BootstrapKeyTests
{
    private static readonly Dictionary<string, string?> NoBootstrapKey = new() { ["Mle:Security:BootstrapKey"] = null };

    [Fact]
    public async Task Without_a_configured_key_one_is_generated_saved_owner_only_and_kept_across_restarts()
    {
        await using var silo = await TestSilo.StartAsync(NoBootstrapKey);
        var file = Path.Combine(silo.DataDirectory, "admin.key");
        var key = (await File.ReadAllTextAsync(file)).Trim();
        Assert.StartsWith("mle_", key);
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(file));
        }

        using (var admin = silo.ClientWithKey(key))
        {
            Assert.Equal(HttpStatusCode.OK, (await admin.GetAsync("/api/v1/admin/keys")).StatusCode);
        }
        await Keys.Unauthenticated(await silo.Http.GetAsync("/api/v1/models"));

        await silo.RestartAsync();
        Assert.Equal(key, (await File.ReadAllTextAsync(file)).Trim());
        using var again = silo.ClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await again.GetAsync("/api/v1/models")).StatusCode);
    }

    [Fact]
    public async Task A_configured_key_is_the_admin_and_no_key_file_is_written()
    {
        await using var silo = await TestSilo.StartAsync();
        Assert.False(File.Exists(Path.Combine(silo.DataDirectory, "admin.key")));
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync("/api/v1/admin/keys")).StatusCode);
    }

    [Theory]
    [InlineData("not-a-key")]
    [InlineData("mle_abc_short")]
    public async Task A_malformed_configured_key_fails_the_start_without_echoing_it(string key)
    {
        var failure = await Assert.ThrowsAnyAsync<Exception>(() => TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Security:BootstrapKey"] = key }));
        Assert.Contains("Mle:Security:BootstrapKey", failure.Message);
        Assert.DoesNotContain(key, failure.Message);
    }

    [Fact]
    public async Task Security_off_only_by_explicit_setting_lets_anonymous_callers_in_the_default_tenant()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Security:Enabled"] = "false" });
        using var anonymous = silo.ClientWithKey(null);
        var name = RestCalls.UniqueName("open");
        Assert.Equal(HttpStatusCode.Created, (await anonymous.CreateModel(name)).StatusCode);
        Assert.False(File.Exists(Path.Combine(silo.DataDirectory, "admin.key")));
    }
}
