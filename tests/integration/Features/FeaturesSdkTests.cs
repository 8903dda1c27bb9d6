using Mle.Errors;
using Mle.Features;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Security;
using static Mle.Tests.Integration.Features.FeatureCalls;

namespace Mle.Tests.Integration.Features;

public sealed class FeaturesSdkTests(FeaturesSilo fixture) : IClassFixture<FeaturesSilo>
{
    private static readonly FeatureSetSpec Card = new(
        "cardId",
        [new RawFeature("amount", FeatureType.Float), new RawFeature("merchant", FeatureType.String)],
        [
            new AggregateFeature("amount_sum_10m", "amount", AggregateFunction.Sum, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1)),
            new AggregateFeature("merchants_1h", "merchant", AggregateFunction.DistinctCount, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1)),
            new AggregateFeature("last_amounts", "amount", AggregateFunction.LastN, TimeSpan.FromHours(1), TimeSpan.FromMinutes(1), N: 2),
        ],
        MaxAge: TimeSpan.FromDays(1),
        AllowedLateness: TimeSpan.FromMinutes(1));

    [Fact]
    public async Task The_sdk_creates_pushes_and_looks_up_through_the_gateway_with_typed_results_and_errors()
    {
        await using var client = await SdkClient.Connect(fixture.Silo, fixture.Silo.AdminKey);
        var set = RestCalls.UniqueName("sdk");
        var t = RecentSecond(90);

        var created = await client.Features.CreateAsync(set, Card);
        var pushed = await client.Features.PushAsync(set,
        [
            new FeatureEvent("e1", "c1", t, new Dictionary<string, FeatureValue> { ["amount"] = 10.0, ["merchant"] = "a" }),
            new FeatureEvent("e2", "c1", t.AddSeconds(1), new Dictionary<string, FeatureValue> { ["amount"] = 5, ["merchant"] = "b" }),
            new FeatureEvent("e3", "c1", t.AddSeconds(2), new Dictionary<string, FeatureValue> { ["amount"] = 1.5, ["merchant"] = "a" }),
        ]);
        var lookup = await client.Features.LookupAsync(set, ["c1", "c9"], ["amount", "amount_sum_10m", "merchants_1h", "last_amounts"]);

        Assert.Equal(1, created.Version);
        Assert.Equal(new PushResult(3, 3, 0, 0), pushed);
        var row = lookup.Rows[0];
        Assert.Equal(1.5, row.Values[0].Number);
        Assert.Equal(16.5, row.Values[1].Number);
        Assert.Equal(2, row.Values[2].Integer);
        Assert.Equal([1.5, 5.0], row.Values[3].Items!.Select(v => v.AsDouble));
        Assert.All(row.Statuses, s => Assert.Equal(FeatureStatus.Present, s));
        Assert.All(lookup.Rows[1].Statuses, s => Assert.Equal(FeatureStatus.NotFound, s));
        Assert.Equal(set, (await client.Features.GetAsync(set)).Name);
        Assert.Contains((await client.Features.ListAsync(new Paging.PageRequest(Query: set))).Items, s => s.Name == set);

        await Assert.ThrowsAsync<FeatureSetAlreadyExistsException>(() => client.Features.CreateAsync(set, Card));
        await Assert.ThrowsAsync<FeatureSetNotFoundException>(() => client.Features.LookupAsync("nope", ["c1"], ["amount"]));
        var mismatch = await Assert.ThrowsAsync<InvalidRequestException>(() => client.Features.PushAsync(set,
            [new FeatureEvent("e4", "c1", t, new Dictionary<string, FeatureValue> { ["amount"] = "ten" })]));
        Assert.Equal(ErrorCodes.FeatureTypeMismatch, mismatch.Code);
        var rejected = await Assert.ThrowsAsync<ConflictException>(() => client.Features.EvolveAsync(set, Card with { Aggregates = [Card.Aggregates[0]] }));
        Assert.Equal(ErrorCodes.FeatureChangeRejected, rejected.Code);
    }

    [Fact]
    public async Task The_sdk_of_another_tenant_finds_no_feature_set_and_a_scorer_may_not_push()
    {
        var set = RestCalls.UniqueName("sdk-private");
        await using (var owner = await SdkClient.Connect(fixture.Silo, fixture.Silo.AdminKey))
        {
            await owner.Features.CreateAsync(set, Card);
        }
        var (otherKey, _) = await Keys.Create(fixture.Silo.Http, "admin", "sdk-other");
        var (scorerKey, _) = await Keys.Create(fixture.Silo.Http, "scorer");
        await using var other = await SdkClient.Connect(fixture.Silo, otherKey, "sdk-other");
        await using var scorer = await SdkClient.Connect(fixture.Silo, scorerKey);
        var e = new FeatureEvent("e1", "c1", RecentSecond(), new Dictionary<string, FeatureValue> { ["amount"] = 1.0 });

        await Assert.ThrowsAsync<FeatureSetNotFoundException>(() => other.Features.GetAsync(set));
        await Assert.ThrowsAsync<FeatureSetNotFoundException>(() => other.Features.PushAsync(set, [e]));
        await Assert.ThrowsAsync<ForbiddenException>(() => scorer.Features.PushAsync(set, [e]));
        var lookup = await scorer.Features.LookupAsync(set, ["c1"], ["amount"]);
        Assert.Equal(FeatureStatus.NotFound, lookup.Rows[0].Statuses[0]);
    }
}
