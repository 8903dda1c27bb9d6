using Mle.Silo.Limits;

namespace Mle.Tests.Unit.Limits;

public sealed class TokenBucketTests
{
    private const long Second = 1000;

    [Fact]
    public void A_full_bucket_allows_a_seconds_worth_at_once_then_says_how_long_to_wait()
    {
        var bucket = new TokenBucket(4, now: 0);
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(bucket.TryTake(0, Second));
        }
        Assert.Equal(TimeSpan.FromSeconds(0.25), bucket.TryTake(0, Second));
    }

    [Fact]
    public void Tokens_come_back_at_the_rate_and_never_beyond_a_seconds_worth()
    {
        var bucket = new TokenBucket(4, now: 0);
        for (var i = 0; i < 4; i++)
        {
            bucket.TryTake(0, Second);
        }
        Assert.Null(bucket.TryTake(250, Second));
        Assert.NotNull(bucket.TryTake(250, Second));

        // An hour idle saves no more than the burst.
        var later = 3600 * Second;
        for (var i = 0; i < 4; i++)
        {
            Assert.Null(bucket.TryTake(later, Second));
        }
        Assert.NotNull(bucket.TryTake(later, Second));
    }
}
