using Microsoft.Extensions.DependencyInjection;
using Mle.Artifacts;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Hosting;

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
        Assert.True(File.Exists(Path.Combine(silo.DataDirectory, "artifacts", "sha256", artifact.Sha256[..2], artifact.Sha256)));
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
}
