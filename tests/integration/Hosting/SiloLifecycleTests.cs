using Microsoft.Extensions.Options;
using Orleans.Mle.Artifacts;
using Orleans.Mle.Silo.Hosting;
using Orleans.Mle.Tests.Integration.Infrastructure;
using Microsoft.Extensions.DependencyInjection;

namespace Orleans.Mle.Tests.Integration.Hosting;

public sealed class SiloLifecycleTests
{
    [Fact]
    public async Task Grain_state_written_before_a_restart_is_read_after_it()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Grains.GetGrain<ICounterGrain>("restart").Increment();
        await silo.Grains.GetGrain<ICounterGrain>("restart").Increment();

        await silo.RestartAsync();

        Assert.Equal(2, await silo.Grains.GetGrain<ICounterGrain>("restart").Get());
        Assert.True(File.Exists(Path.Combine(silo.DataDirectory, "mle.db")));
    }

    [Fact]
    public async Task Artifacts_stored_before_a_restart_are_read_after_it()
    {
        await using var silo = await TestSilo.StartAsync();
        var artifact = await silo.Services.GetRequiredService<IArtifactStore>().Put("model bytes"u8.ToArray());

        await silo.RestartAsync();

        await using var stream = await silo.Services.GetRequiredService<IArtifactStore>().Open(artifact);
        using var reader = new StreamReader(stream);
        Assert.Equal("model bytes", await reader.ReadToEndAsync());
        Assert.StartsWith(Path.Combine(silo.DataDirectory, "artifacts"), new Uri(artifact.Uri).LocalPath);
    }

    [Fact]
    public async Task Memory_storage_is_chosen_by_configuration_and_forgets_on_restart()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Storage:Provider"] = "memory" });
        await silo.Grains.GetGrain<ICounterGrain>("volatile").Increment();

        await silo.RestartAsync();

        Assert.Equal(0, await silo.Grains.GetGrain<ICounterGrain>("volatile").Get());
        Assert.False(File.Exists(Path.Combine(silo.DataDirectory, "mle.db")));
    }

    [Theory]
    [InlineData("Mle:Clustering:Provider", "Foo", "Mle:Clustering:Provider 'Foo' is not one of Localhost, Redis, AzureTables")]
    [InlineData("Mle:Storage:Provider", "Cassandra", "Mle:Storage:Provider 'Cassandra' is not one of Embedded, Memory, Redis, AzureTables")]
    [InlineData("Mle:Streams:Provider", "Kafka", "Mle:Streams:Provider 'Kafka' is not one of Memory, AzureQueue, EventHubs")]
    [InlineData("Mle:Clustering:SiloPort", "seventy", "Mle:Clustering:SiloPort")]
    public async Task An_invalid_backend_setting_fails_the_start_naming_the_setting(string setting, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestSilo.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(expected, error.Message);
    }

    [Fact]
    public async Task A_backend_that_needs_a_connection_string_fails_the_start_without_one()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Clustering:Provider"] = "Redis" }));

        Assert.Contains("Mle:Clustering:ConnectionString is required by the Redis clustering provider", error.Message);
    }

    [Fact]
    public async Task An_invalid_limit_fails_the_start_naming_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Limits:MaxBatchRows"] = "0" }));

        Assert.Contains("Mle:Limits:MaxBatchRows", error.Message);
    }

    [Fact]
    public void The_builder_rejects_invalid_settings_before_anything_starts()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MleHost.CreateBuilder(["--Mle:Artifacts:Provider=S3"]));

        Assert.Contains("Mle:Artifacts:Provider 'S3' is not one of FileSystem", error.Message);
    }
}
