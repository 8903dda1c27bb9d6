using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Mle.Features;
using Orleans.Configuration;

namespace Mle.Tests.Unit.Features;

public sealed class FeatureEntityCollectionTests
{
    [Theory]
    [InlineData("00:00:01")]
    [InlineData("00:01:00")]
    [InlineData("00:02:00")]
    [InlineData("01:00:00")]
    public void Every_allowed_idle_timeout_is_an_age_limit_orleans_accepts(string idle)
    {
        var collection = Collection(idle);

        var limit = collection.ClassSpecificCollectionAge[typeof(FeatureEntityGrain).FullName!];
        Assert.Equal(TimeSpan.Parse(idle, System.Globalization.CultureInfo.InvariantCulture), limit);
        // Orleans' own start-up check: an age limit must be greater than the collection quantum.
        Assert.True(limit > collection.CollectionQuantum, $"The age limit {limit} is not above the quantum {collection.CollectionQuantum}.");
    }

    [Fact]
    public void A_long_idle_timeout_keeps_the_default_collection_quantum()
    {
        Assert.Equal(new GrainCollectionOptions().CollectionQuantum, Collection("00:10:00").CollectionQuantum);
    }

    private static GrainCollectionOptions Collection(string idle)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Mle:Features:IdleDeactivation"] = idle })
            .Build();
        using var services = new ServiceCollection().AddMleFeatures(configuration).BuildServiceProvider();
        return services.GetRequiredService<IOptions<GrainCollectionOptions>>().Value;
    }
}
