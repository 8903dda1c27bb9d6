using System.Globalization;
using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

/// <summary><c>Mle:Streams:PollPeriod</c>, <c>MemoryQueues</c> and <c>DeliveryBatchSize</c>: the pulling agents' cadence, number and batching.</summary>
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
        Assert.Empty(Failures(new StreamsOptions()));
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
