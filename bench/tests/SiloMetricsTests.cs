using Mle.Bench.Cases;
using Mle.Bench.Servers;

namespace Mle.Bench.Tests;

public sealed class SiloMetricsTests
{
    private const string Scrape = """
        # HELP mle_features_entities_active Entities in memory (activated).
        # TYPE mle_features_entities_active gauge
        mle_features_entities_active{feature_set="default/card"} 1200 1764324000000
        mle_features_entities_active{feature_set="default/with space"} 34
        mle_features_entities_active_total 99
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen0"} 1000
        dotnet_gc_last_collection_heap_size_bytes{gc_heap_generation="gen2"} 5000
        dotnet_gc_last_collection_heap_fragmentation_size_bytes{gc_heap_generation="gen2"} 500
        """;

    [Fact]
    public void A_metric_sums_every_label_set_and_not_longer_names()
    {
        Assert.Equal(1234, SiloMetrics.Sum(Scrape, "mle_features_entities_active"));
    }

    [Fact]
    public void A_metric_the_scrape_does_not_have_is_null_not_zero()
    {
        Assert.Null(SiloMetrics.Sum(Scrape, "mle_features_events_applied"));
    }

    [Fact]
    public void The_live_managed_heap_is_the_heap_less_its_fragmentation()
    {
        Assert.Equal(5500, SiloMetrics.LiveManagedBytes(Scrape));
    }

    [Fact]
    public void Memory_per_entity_divides_by_the_active_entities_and_has_no_value_without_any()
    {
        Assert.Equal(2048, FeatureScaleCase.PerEntity(2048 * 1000, 1000).Value);
        Assert.Null(FeatureScaleCase.PerEntity(2048, 0).Value);
    }
}
