using Mle.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Orleans.Runtime;
using Mle.Silo.Hosting;
using Mle.Storage;
using Orleans.Providers;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Hosting;

public sealed class HostConfigurationTests
{
    [Theory]
    [InlineData("Mle:Clustering:Provider", "Foo", "Mle:Clustering:Provider 'Foo' is not one of Localhost, Redis, AzureTables, PostgreSql")]
    [InlineData("Mle:Storage:Provider", "Cassandra", "Mle:Storage:Provider 'Cassandra' is not one of Embedded, Memory, Redis, AzureTables, AzureBlobs, PostgreSql")]
    [InlineData("Mle:Streams:Provider", "Kafka", "Mle:Streams:Provider 'Kafka' is not one of Memory, AzureQueue, EventHubs")]
    [InlineData("Mle:Clustering:SiloPort", "seventy", "Mle:Clustering:SiloPort")]
    public async Task An_invalid_backend_setting_fails_the_start_naming_the_setting(string setting, string value, string expected)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() =>
            TestSilo.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(expected, error.Message);
    }

    [Theory]
    [InlineData("Mle:Storage:MaxWritesPerCommit", "0")]
    [InlineData("Mle:Storage:MaxQueuedWrites", "-1")]
    public async Task A_group_commit_limit_below_one_fails_the_start_naming_the_setting(string setting, string value)
    {
        // The silo's storage settings and each SQLite provider's options are checked together: several failures.
        var error = await Assert.ThrowsAsync<AggregateException>(() =>
            TestSilo.StartAsync(new Dictionary<string, string?> { [setting] = value }));

        Assert.Contains(error.InnerExceptions, e => e is OptionsValidationException && e.Message.Contains($"{setting} must be at least 1", StringComparison.Ordinal));
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

        Assert.Contains("Mle:Limits:MaxBatchRows must be at least 1", error.Message);
    }

    [Fact]
    public async Task Invalid_settings_fail_the_start_before_the_silo_or_kestrel_listen()
    {
        var ports = FreePorts.Take(2);
        await using var app = MleHost.Build(MleHost.CreateBuilder(
        [
            "--urls=http://127.0.0.1:0",
            $"--Mle:DataDirectory={Path.Combine(Path.GetTempPath(), "mle-config-" + Guid.NewGuid().ToString("N"))}",
            $"--Mle:Clustering:SiloPort={ports[0]}",
            $"--Mle:Clustering:GatewayPort={ports[1]}",
            "--Mle:Artifacts:Provider=S3",
        ]));

        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => app.StartAsync());

        Assert.Contains("Mle:Artifacts:Provider 'S3' is not one of FileSystem", error.Message);
        Assert.Equal(SiloStatus.Created, app.Services.GetRequiredService<ISiloStatusOracle>().CurrentStatus);
    }

    [Fact]
    public void A_value_that_does_not_convert_fails_the_build_naming_the_setting()
    {
        var error = Assert.Throws<OptionsValidationException>(() => MleHost.CreateBuilder(["--Mle:Artifacts:Shared=sometimes"]));

        Assert.Contains("Mle:Artifacts:Shared", error.Message);
    }

    [Fact]
    public async Task The_artifact_limit_reaches_Orleans_messaging_while_Kestrels_default_stays_at_the_request_limit()
    {
        const long maxArtifactBytes = 300L * 1024 * 1024;
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mle-config-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = MleHost.Build(MleHost.CreateBuilder(
                [$"--Mle:DataDirectory={dataDirectory}", $"--Mle:Limits:MaxArtifactBytes={maxArtifactBytes}"]));

            var kestrel = app.Services.GetRequiredService<IOptions<KestrelServerOptions>>().Value;
            var messaging = app.Services.GetRequiredService<IOptions<SiloMessagingOptions>>().Value;

            // Only the upload route raises its own ceiling to the artifact limit (LimitsTests shows it).
            Assert.Equal(new LimitsOptions().MaxRequestBytes, kestrel.Limits.MaxRequestBodySize);
            Assert.True(messaging.MaxMessageBodySize > maxArtifactBytes);
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }

    [Fact]
    public async Task The_group_commit_settings_reach_every_embedded_grain_storage_provider()
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mle-config-" + Guid.NewGuid().ToString("N"));
        try
        {
            await using var app = MleHost.Build(MleHost.CreateBuilder(
            [
                $"--Mle:DataDirectory={dataDirectory}",
                "--Mle:Storage:GroupCommit=false",
                "--Mle:Storage:MaxWritesPerCommit=7",
                "--Mle:Storage:MaxQueuedWrites=9",
            ]));

            var sqlite = app.Services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>();
            foreach (var provider in new[] { StorageNames.Registry, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StorageNames.PubSub })
            {
                var options = sqlite.Get(provider);
                Assert.False(options.GroupCommit);
                Assert.Equal(7, options.MaxWritesPerCommit);
                Assert.Equal(9, options.MaxQueuedWrites);
            }
        }
        finally
        {
            if (Directory.Exists(dataDirectory))
            {
                Directory.Delete(dataDirectory, recursive: true);
            }
        }
    }
}
