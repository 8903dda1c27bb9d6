using System.Threading.Channels;
using Microsoft.Extensions.DependencyInjection;
using Mle.Errors;
using Mle.Features;
using Mle.Streams;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Orleans.Streams;
using static Mle.Tests.Integration.Features.FeatureCalls;

namespace Mle.Tests.Integration.Features;

public sealed class FeatureStreamTests(FeaturesSilo fixture) : IClassFixture<FeaturesSilo>
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Events_on_the_events_stream_reach_their_entities_and_bad_ones_go_to_the_dead_letter_stream_with_their_reason()
    {
        var set = RestCalls.UniqueName("streamed");
        await fixture.Silo.Http.CreateCardSet(set);
        var streams = fixture.Silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamNames.Provider);
        var deadLetters = Channel.CreateUnbounded<DeadLetteredEvent>();
        var subscription = await streams.GetStream<DeadLetteredEvent>(StreamId.Create(StreamNames.DeadLetters, $"default/{set}"))
            .SubscribeAsync((letter, _) => deadLetters.Writer.WriteAsync(letter).AsTask());
        var events = streams.GetStream<FeatureEvent>(StreamId.Create(StreamNames.Events, $"default/{set}"));
        var t = RecentSecond();

        await events.OnNextAsync(new FeatureEvent("s1", "c1", t, new Dictionary<string, FeatureValue> { ["amount"] = 4.0 }));
        await events.OnNextAsync(new FeatureEvent("s2", "c1", t, new Dictionary<string, FeatureValue> { ["amount"] = "four" }));
        await events.OnNextAsync(new FeatureEvent("s3", "", t, new Dictionary<string, FeatureValue> { ["amount"] = 1.0 }));
        await events.OnNextAsync(new FeatureEvent("s4", "c1", t.AddSeconds(-1), new Dictionary<string, FeatureValue> { ["amount"] = 2.0 }));

        using var deadline = new CancellationTokenSource(Timeout);
        var first = await deadLetters.Reader.ReadAsync(deadline.Token);
        var second = await deadLetters.Reader.ReadAsync(deadline.Token);
        Assert.Equal(("s2", ErrorCodes.FeatureTypeMismatch), (first.Event.Id, first.Code));
        Assert.Equal("four", first.Event.Values["amount"].Text);
        Assert.Contains("amount", first.Reason);
        Assert.Equal(("s3", ErrorCodes.InvalidEvent), (second.Event.Id, second.Code));
        var row = await Eventually.Holds(
            () => fixture.Silo.Http.LookedUp(set, ["c1"], ["amount", "amount_count_1m"]),
            lookup => lookup["results"]![0]!["values"]!.ToJsonString() == "[4,2]", Timeout, "both good stream events applied");
        Assert.Equal("""["PRESENT","PRESENT"]""", row["results"]![0]!["statuses"]!.ToJsonString());
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task Events_for_a_feature_set_that_does_not_exist_are_dead_lettered()
    {
        var streams = fixture.Silo.Services.GetRequiredService<IClusterClient>().GetStreamProvider(StreamNames.Provider);
        var deadLetters = Channel.CreateUnbounded<DeadLetteredEvent>();
        var subscription = await streams.GetStream<DeadLetteredEvent>(StreamId.Create(StreamNames.DeadLetters, "default/nowhere"))
            .SubscribeAsync((letter, _) => deadLetters.Writer.WriteAsync(letter).AsTask());

        await streams.GetStream<FeatureEvent>(StreamId.Create(StreamNames.Events, "default/nowhere"))
            .OnNextAsync(new FeatureEvent("x1", "c1", RecentSecond(), new Dictionary<string, FeatureValue> { ["amount"] = 1.0 }));

        using var deadline = new CancellationTokenSource(Timeout);
        var letter = await deadLetters.Reader.ReadAsync(deadline.Token);
        Assert.Equal(("x1", ErrorCodes.FeatureSetNotFound, "default/nowhere"), (letter.Event.Id, letter.Code, letter.FeatureSet));
        await subscription.UnsubscribeAsync();
    }
}
