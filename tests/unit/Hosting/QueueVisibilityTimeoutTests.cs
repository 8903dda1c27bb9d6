using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

/// <summary><c>Mle:Streams:QueueVisibilityTimeout</c>: unset keeps the queue service's default; a value must be positive.</summary>
public sealed class QueueVisibilityTimeoutTests
{
    private const string Storage = "DefaultEndpointsProtocol=https;AccountName=mlequeues;AccountKey=c2VjcmV0;EndpointSuffix=core.windows.net";

    [Theory]
    [InlineData(null)]
    [InlineData("00:00:10")]
    public void Unset_or_a_positive_visibility_timeout_passes(string? timeout)
    {
        Assert.Empty(Failures(timeout));
    }

    [Theory]
    [InlineData("00:00:00")]
    [InlineData("-00:00:05")]
    public void A_visibility_timeout_that_is_not_positive_fails_naming_the_setting(string timeout)
    {
        var failure = Assert.Single(Failures(timeout));
        Assert.StartsWith("Mle:Streams:QueueVisibilityTimeout must be positive", failure, StringComparison.Ordinal);
    }

    private static IReadOnlyList<string> Failures(string? timeout)
    {
        var options = new StreamsOptions
        {
            Provider = StreamsOptions.AzureQueue,
            ConnectionString = Storage,
            QueueVisibilityTimeout = timeout is null ? null : TimeSpan.Parse(timeout, System.Globalization.CultureInfo.InvariantCulture),
        };
        var result = new StreamsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }
}
