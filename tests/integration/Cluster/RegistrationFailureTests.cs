using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Hosting;
using Orleans.Storage;
using Orleans.TestingHost;
using Mle.Artifacts;
using Mle.Client;
using Mle.Configuration;
using Mle.Errors;
using Mle.Registry;
using Mle.Scoring;
using Mle.Serving;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// The SDK's registration path on a silo whose registry storage fails for some models: a version that cannot be
/// recorded is an error, never a Ready-looking answer, and retries with an idempotency key are safe.
/// </summary>
public sealed class RegistrationFailureTests : IAsyncLifetime
{
    private PlatformCluster _platform = null!;

    private IServiceProvider Services => _platform.Cluster.Silos[0].ServiceProvider;

    private IModelsClient Models => Services.GetRequiredService<IMleClient>().Models;

    public async Task InitializeAsync() =>
        _platform = await PlatformCluster.StartAsync(1, registryStorage: inner => new FailingVersionStorage(inner));

    public async Task DisposeAsync() => await _platform.DisposeAsync();

    [Fact]
    public async Task A_version_that_cannot_be_recorded_throws_a_typed_error_and_is_never_served()
    {
        var name = Registration.UniqueName(FailingVersionStorage.FailingPrefix + "record");
        await Models.CreateAsync(name);

        var error = await Assert.ThrowsAsync<VersionRecordFailedException>(() => Models.RegisterClassifier(name));

        Assert.Equal(ErrorCodes.VersionRecordFailed, error.Code);
        Assert.Equal("1", error.Target);
        var version = await Models.GetVersionAsync(name, "1");
        Assert.Equal(VersionStatus.Failed, version.Status);
        var notReady = await Assert.ThrowsAsync<ConflictException>(() => Models.ResolveAsync(name, "1").AsTask());
        Assert.Equal(ErrorCodes.VersionNotReady, notReady.Code);
        // The version grain whose write failed does not answer as if it had recorded the version.
        var grains = Services.GetRequiredService<IGrainFactory>();
        await Assert.ThrowsAsync<VersionNotFoundException>(() => grains.GetGrain<IModelVersionGrain>($"default/{name}/1").Get());
    }

    [Fact]
    public async Task A_retried_registration_with_the_same_idempotency_key_returns_the_first_version()
    {
        var name = Registration.UniqueName("retry");
        await Models.CreateAsync(name);
        var options = new RegisterVersionOptions { IdempotencyKey = "run-42", Metrics = new Dictionary<string, double> { ["auc"] = 0.9 } };

        var first = await Models.RegisterVersionAsync(name, new MemoryStream(TestModels.BinaryClassifier), options);
        var retry = await Models.RegisterVersionAsync(name, new MemoryStream(TestModels.BinaryClassifier), options);

        Assert.Equal(VersionStatus.Ready, first.Status);
        Assert.Equal(first.Version, retry.Version);
        Assert.Equal(1, (await Models.GetAsync(name)).VersionCount);
        var reused = await Assert.ThrowsAsync<IdempotencyKeyReusedException>(
            () => Models.RegisterVersionAsync(name, new MemoryStream(TestModels.RegressionModel), options));
        Assert.Equal("run-42", reused.Target);
        Assert.Equal(1, (await Models.GetAsync(name)).VersionCount);
    }

    [Fact]
    public async Task A_non_finite_metric_sent_by_the_sdk_is_rejected_by_the_registry_itself()
    {
        var name = Registration.UniqueName("nan");
        await Models.CreateAsync(name);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(() => Models.RegisterVersionAsync(name, new MemoryStream(TestModels.BinaryClassifier),
            new RegisterVersionOptions { Metrics = new Dictionary<string, double> { ["auc"] = double.NaN } }));

        Assert.Equal(ErrorCodes.InvalidMetric, error.Code);
        Assert.Equal(0, (await Models.GetAsync(name)).VersionCount);
    }
}
