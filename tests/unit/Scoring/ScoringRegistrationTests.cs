using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Scoring;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Scoring;

public sealed class ScoringRegistrationTests
{
    [Fact]
    public async Task Scoring_services_resolve_with_their_settings_from_configuration()
    {
        using var store = new TemporaryArtifactStore();
        using var services = Services(new()
        {
            ["Mle:Scoring:CacheMaxModels"] = "3",
            ["Mle:Limits:MaxBatchRows"] = "7",
        }, store);

        Assert.Equal(3, services.GetRequiredService<IOptions<ScoringOptions>>().Value.CacheMaxModels);
        Assert.Equal(7, services.GetRequiredService<IOptions<LimitsOptions>>().Value.MaxBatchRows);
        Assert.Same(services.GetRequiredService<LoadedModelCache>(), services.GetRequiredService<LoadedModelCache>());
        var inspected = await services.GetRequiredService<IArtifactInspector>().Inspect(TestModels.OnnxLogistic, flavor: null);
        Assert.Single(inspected.Schema.Inputs);
    }

    [Fact]
    public void A_bad_setting_fails_with_a_message_naming_it()
    {
        using var store = new TemporaryArtifactStore();
        using var services = Services(new() { ["Mle:Scoring:CacheMaxBytes"] = "0" }, store);

        var error = Assert.Throws<OptionsValidationException>(() => services.GetRequiredService<IOptions<ScoringOptions>>().Value);

        Assert.Contains("Mle:Scoring:CacheMaxBytes", error.Message);
    }

    private static ServiceProvider Services(Dictionary<string, string?> settings, IArtifactStore store)
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(settings).Build();
        return new ServiceCollection()
            .AddSingleton(store)
            .AddMleScoring(configuration)
            .BuildServiceProvider();
    }
}
