using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Silo.Hosting;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Hosting;

/// <summary>
/// A cluster whose silos may run on several machines must not keep state or artifacts that only one machine sees.
/// The settings go through the real host builder; nothing here needs the Redis server the settings name, because
/// the start is refused before any provider connects.
/// </summary>
public sealed class SplitBrainTests
{
    private const string RedisServer = "127.0.0.1:1";

    [Fact]
    public async Task Embedded_storage_with_multi_silo_clustering_is_refused_naming_both_settings()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = RedisServer,
            ["Mle:Artifacts:Shared"] = "true",
        }));

        Assert.Contains("Mle:Clustering:Provider is Redis", error.Message);
        Assert.Contains("Mle:Storage:Provider is Embedded", error.Message);
        Assert.DoesNotContain("Mle:Artifacts", error.Message);
    }

    [Fact]
    public async Task A_filesystem_artifact_store_not_declared_shared_is_refused_with_multi_silo_clustering()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Clustering:Provider"] = "AzureTables",
            ["Mle:Clustering:ConnectionString"] = "UseDevelopmentStorage=true",
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = RedisServer,
        }));

        Assert.Contains("Mle:Clustering:Provider is AzureTables", error.Message);
        Assert.Contains("Mle:Artifacts:Provider is FileSystem", error.Message);
        Assert.Contains("Mle:Artifacts:Shared=true", error.Message);
        Assert.DoesNotContain("Mle:Storage:Provider is", error.Message);
    }

    [Fact]
    public async Task Both_are_refused_together_when_both_are_local()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = RedisServer,
        }));

        Assert.Contains("Mle:Storage:Provider is Embedded", error.Message);
        Assert.Contains("Mle:Artifacts:Shared=true", error.Message);
    }

    [Fact]
    public void Shared_storage_and_an_artifact_root_declared_shared_pass_the_check()
    {
        var builder = MleHost.CreateBuilder(
        [
            "--Mle:Clustering:Provider=Redis",
            $"--Mle:Clustering:ConnectionString={RedisServer}",
            "--Mle:Storage:Provider=Redis",
            $"--Mle:Storage:ConnectionString={RedisServer}",
            "--Mle:Artifacts:Shared=true",
        ]);
        using var services = builder.Services.BuildServiceProvider();

        // Reading the options runs their validators, exactly as the start does, without connecting to anything.
        Assert.Equal("Redis", services.GetRequiredService<IOptions<ClusteringOptions>>().Value.Provider);
    }

    [Fact]
    public async Task One_silo_on_localhost_keeps_its_embedded_storage_and_local_artifacts()
    {
        await using var silo = await TestSilo.StartAsync();

        Assert.Equal("Embedded", silo.Services.GetRequiredService<IOptions<StorageOptions>>().Value.Provider);
        Assert.False(silo.Services.GetRequiredService<IOptions<ArtifactsOptions>>().Value.Shared);
    }
}
