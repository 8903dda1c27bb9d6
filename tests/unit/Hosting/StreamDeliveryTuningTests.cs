using System.Globalization;
using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

/// <summary>
/// <c>Mle:Streams:PollPeriod</c>, <c>MemoryQueues</c>, <c>MemoryReadWait</c>, <c>MemoryQueueCapacity</c> and
/// <c>DeliveryBatchSize</c>: the pulling agents' cadence, number, long poll and batching, and the memory queues' bound.
/// </summary>
public sealed class StreamDeliveryTuningTests
{
    [Fact]
    public void Unset_the_poll_period_is_short_on_memory_and_orleans_own_on_billed_backends()
    {
        Assert.Equal(TimeSpan.FromMilliseconds(10), new StreamsOptions().EffectivePollPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(100), new StreamsOptions { Provider = StreamsOptions.AzureQueue }.EffectivePollPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(100), new StreamsOptions { Provider = StreamsOptions.EventHubs }.EffectivePollPeriod);
        Assert.Equal(TimeSpan.FromMilliseconds(250), new StreamsOptions { PollPeriod = TimeSpan.FromMilliseconds(250) }.EffectivePollPeriod);
    }

    [Fact]
    public void The_defaults_pass()
    {
        Assert.Equal(32, new StreamsOptions().DeliveryBatchSize);
        Assert.Equal(2, new StreamsOptions().MemoryQueues);
        Assert.Equal(TimeSpan.FromSeconds(1), new StreamsOptions().MemoryReadWait);
        Assert.Equal(TimeSpan.FromMilliseconds(2), new StreamsOptions().MemoryReadLinger);
        Assert.Equal(16_384, new StreamsOptions().MemoryQueueCapacity);
        Assert.Empty(Failures(new StreamsOptions()));
    }

    [Fact]
    public void The_memory_backend_is_shaped_by_its_settings()
    {
        var settings = new StreamsOptions
        {
            MemoryQueues = 4, MemoryReadWait = TimeSpan.FromMilliseconds(250), MemoryReadLinger = TimeSpan.FromMilliseconds(5), MemoryQueueCapacity = 100,
        }.MemoryQueueSettings;

        Assert.Equal(4, settings.Queues);
        Assert.Equal(TimeSpan.FromMilliseconds(250), settings.ReadWait);
        Assert.Equal(TimeSpan.FromMilliseconds(5), settings.Linger);
        Assert.Equal(100, settings.Capacity);
        Assert.True(settings.CacheSize > 0);
    }

    [Fact]
    public void A_memory_read_wait_of_zero_turns_the_long_poll_off_and_passes()
    {
        Assert.Empty(Failures(new StreamsOptions { MemoryReadWait = TimeSpan.Zero }));
    }

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("00:00:10.001")]
    public void A_memory_read_wait_out_of_range_fails_naming_the_setting(string wait)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { MemoryReadWait = TimeSpan.Parse(wait, CultureInfo.InvariantCulture) }));
        Assert.StartsWith("Mle:Streams:MemoryReadWait must be between 0 and 10 seconds", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("-00:00:00.001")]
    [InlineData("00:00:00.101")]
    public void A_memory_read_linger_out_of_range_fails_naming_the_setting(string linger)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { MemoryReadLinger = TimeSpan.Parse(linger, CultureInfo.InvariantCulture) }));
        Assert.StartsWith("Mle:Streams:MemoryReadLinger must be between 0 and 100 ms", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1_000_001)]
    public void A_memory_queue_capacity_out_of_range_fails_naming_the_setting(int capacity)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { MemoryQueueCapacity = capacity }));
        Assert.StartsWith("Mle:Streams:MemoryQueueCapacity must be between 1 and 1000000", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("00:01:00.001")]
    public void A_poll_period_out_of_range_fails_naming_the_setting(string period)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { PollPeriod = TimeSpan.Parse(period, CultureInfo.InvariantCulture) }));
        Assert.StartsWith("Mle:Streams:PollPeriod must be between 1 ms and 1 minute", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(1001)]
    public void A_delivery_batch_size_out_of_range_fails_naming_the_setting(int size)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { DeliveryBatchSize = size }));
        Assert.StartsWith("Mle:Streams:DeliveryBatchSize must be between 1 and 1000", failure, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(65)]
    public void A_memory_queue_count_out_of_range_fails_naming_the_setting(int queues)
    {
        var failure = Assert.Single(Failures(new StreamsOptions { MemoryQueues = queues }));
        Assert.StartsWith("Mle:Streams:MemoryQueues must be between 1 and 64", failure, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(StreamsOptions options)
    {
        var result = new StreamsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
