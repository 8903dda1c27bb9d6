using Mle.Errors;
using Mle.Registry;
using Mle.Security;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>Issue 7: the SDK out of process authenticates with its key; the silo's call filter checks role and tenant.</summary>
public sealed class SdkSecurityTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private TestSilo Silo => fixture.Silo;

    private static IReadOnlyDictionary<string, object?>[] Row => [new Dictionary<string, object?> { ["X1"] = 1.5f, ["X2"] = -0.5f }];

    private async Task<string> RegisteredModel()
    {
        var name = RestCalls.UniqueName("sdk");
        await Silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        (await Silo.Http.SetAlias(name, "champion", 1)).EnsureSuccessStatusCode();
        return name;
    }

    [Fact]
    public async Task A_client_without_a_key_is_refused_with_unauthenticated()
    {
        await using var client = await SdkClient.Connect(Silo, apiKey: null);
        var refused = await Assert.ThrowsAsync<UnauthenticatedException>(() => client.Models.ListAsync());
        Assert.Equal(ErrorCodes.Unauthenticated, refused.Code);
    }

    [Fact]
    public async Task A_client_with_an_unknown_or_revoked_key_is_refused()
    {
        var (key, id) = await Keys.Create(Silo.Http, "viewer");
        await using (var unknown = await SdkClient.Connect(Silo, Keys.Tampered(key)))
        {
            await Assert.ThrowsAsync<UnauthenticatedException>(() => unknown.Models.ListAsync());
        }
        await using var client = await SdkClient.Connect(Silo, key);
        await client.Models.ListAsync();
        (await Keys.Revoke(Silo.Http, id)).EnsureSuccessStatusCode();
        await Assert.ThrowsAsync<UnauthenticatedException>(() => client.Models.ListAsync());
    }

    [Fact]
    public async Task A_viewer_reads_but_cannot_register_or_deploy()
    {
        var name = await RegisteredModel();
        var (key, _) = await Keys.Create(Silo.Http, "viewer");
        await using var client = await SdkClient.Connect(Silo, key);

        Assert.Equal(name, (await client.Models.GetAsync(name)).Name);
        Assert.Equal(ErrorCodes.Forbidden, (await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.CreateAsync(RestCalls.UniqueName("no")))).Code);
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.SetAliasAsync(name, "challenger", 1));
        using var artifact = new MemoryStream(TestModels.BinaryClassifier);
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.RegisterVersionAsync(name, artifact));
    }

    [Fact]
    public async Task A_scorer_scores_and_cannot_list()
    {
        var name = await RegisteredModel();
        var (key, _) = await Keys.Create(Silo.Http, "scorer");
        await using var client = await SdkClient.Connect(Silo, key);

        Assert.Equal(1, (await client.Models.ScoreAsync(name, "champion", Row)).Version);
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.ListAsync());
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.GetAsync(name));
    }

    [Fact]
    public async Task Another_tenants_model_is_not_found_even_when_the_client_names_that_tenant()
    {
        var name = await RegisteredModel();
        var (key, _) = await Keys.Create(Silo.Http, "admin", tenant: "acme");
        // The client claims the default tenant, where the model is; its key says acme.
        await using var client = await SdkClient.Connect(Silo, key, tenant: "default");

        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.Models.GetAsync(name));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.Models.ScoreAsync(name, "champion", Row));
        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.Models.ListAsync());
    }

    [Fact]
    public async Task A_client_in_its_own_tenant_works_end_to_end()
    {
        var (key, _) = await Keys.Create(Silo.Http, "operator", tenant: "acme");
        await using var client = await SdkClient.Connect(Silo, key, tenant: "acme");
        var name = RestCalls.UniqueName("acme");
        await client.Models.CreateAsync(name);
        using var artifact = new MemoryStream(TestModels.BinaryClassifier);
        var version = await client.Models.RegisterVersionAsync(name, artifact);
        await client.Models.SetAliasAsync(name, "champion", version.Version);
        Assert.Equal(version.Version, (await client.Models.ScoreAsync(name, "champion", Row)).Version);

        // Not visible to the default tenant.
        await (await Silo.Http.GetAsync($"/api/v1/models/{name}")).AssertProblem(System.Net.HttpStatusCode.NotFound, ErrorCodes.ModelNotFound);
    }

    [Fact]
    public async Task Internal_grain_methods_and_the_key_grains_are_refused_to_clients_even_for_admins()
    {
        await using var client = await SdkClient.Connect(Silo, Silo.AdminKey);
        var name = await RegisteredModel();
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<IApiKeyGrain>("anything").Get());
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<IApiKeyDirectoryGrain>("default").List());
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<IModelDirectoryGrain>("default").Upsert(
            new ModelInfo("default", name, "forged", new Dictionary<string, string>(), new Dictionary<string, int>(), 0, 0, DateTimeOffset.UtcNow, DateTimeOffset.UtcNow)));
    }
}
