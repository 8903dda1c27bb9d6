using System.Text;
using Mle.Datasets;
using Mle.Errors;
using Mle.Features;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Security;
using static Mle.Tests.Integration.Features.FeatureCalls;

namespace Mle.Tests.Integration.Features;

public sealed class TrainingSetsSdkTests(TrainingSetsSilo fixture) : IClassFixture<TrainingSetsSilo>
{
    [Fact]
    public async Task The_sdk_builds_a_training_set_and_downloads_exactly_the_bytes_rest_serves()
    {
        await using var client = await SdkClient.Connect(fixture.Silo, fixture.Silo.AdminKey);
        var set = RestCalls.UniqueName("sdk");
        var t = RecentSecond(30);
        await client.Features.CreateAsync(set, new FeatureSetSpec("cardId", [new RawFeature("amount", FeatureType.Float)],
            [new AggregateFeature("amount_sum_1m", "amount", AggregateFunction.Sum, TimeSpan.FromMinutes(1), TimeSpan.FromSeconds(1))]));
        await client.Features.PushAsync(set,
        [
            new FeatureEvent("e1", "c1", t, new Dictionary<string, FeatureValue> { ["amount"] = 0.1 }),
            new FeatureEvent("e2", "c1", t.AddSeconds(2), new Dictionary<string, FeatureValue> { ["amount"] = 0.2 }),
        ]);

        var dataset = await client.Datasets.BuildTrainingSetAsync(set + "-train", new TrainingSetRequest(
            [$"{set}:amount", $"{set}:amount_sum_1m"],
            ["cardId", "timestamp", "label"],
            [["c1", t.AddSeconds(1).ToString("O"), "a"], ["c1", t.AddSeconds(2).ToString("O"), "b"]]));

        Assert.Equal(2, dataset.Rows);
        Assert.Equal([new DatasetSource(set, 1)], dataset.Sources);
        Assert.Equal("json", dataset.Request.Input);
        await using var content = await client.Datasets.OpenReadAsync(set + "-train");
        using var copy = new MemoryStream();
        await content.CopyToAsync(copy);
        var rest = await fixture.Silo.Http.GetByteArrayAsync($"/api/v1/datasets/{set}-train/content");
        Assert.Equal(rest, copy.ToArray());
        Assert.Equal(
            $"cardId,timestamp,label,{set}__amount,{set}__amount_sum_1m\r\nc1,{t.AddSeconds(1):O},a,0.1,0.1\r\nc1,{t.AddSeconds(2):O},b,0.2,0.30000000000000004\r\n",
            Encoding.UTF8.GetString(rest));
        var fetched = await client.Datasets.GetAsync(set + "-train");
        Assert.Equal((dataset.Sha256, dataset.CreatedAt, dataset.SizeBytes), (fetched.Sha256, fetched.CreatedAt, fetched.SizeBytes));
        Assert.Equal(dataset.Columns, fetched.Columns);
        Assert.Contains((await client.Datasets.ListAsync(new Paging.PageRequest(Query: set))).Items, d => d.Name == set + "-train");
        await Assert.ThrowsAsync<DatasetAlreadyExistsException>(() => client.Datasets.BuildTrainingSetAsync(set + "-train", new TrainingSetRequest(
            [$"{set}:amount"], ["cardId", "timestamp"], [["c1", t.ToString("O")]])));
        var unknown = await Assert.ThrowsAsync<InvalidRequestException>(() => client.Datasets.BuildTrainingSetAsync(set + "-bad", new TrainingSetRequest(
            [$"{set}:nope"], ["cardId", "timestamp"], [["c1", t.ToString("O")]])));
        Assert.Equal(ErrorCodes.UnknownFeature, unknown.Code);
    }

    [Fact]
    public async Task Another_tenants_sdk_finds_no_dataset_and_a_viewer_may_read_but_not_build()
    {
        var set = RestCalls.UniqueName("sdk");
        await fixture.Silo.Http.CreateCardSet(set);
        var created = await fixture.Silo.Http.PostJson("/api/v1/datasets/training",
            $$"""{"name": "{{set}}-data", "features": ["{{set}}:amount"], "rows": [{"entity": "c1", "timestamp": "{{RecentSecond():O}}"}]}""");
        Assert.Equal(System.Net.HttpStatusCode.Created, created.StatusCode);
        var (viewerKey, _) = await Keys.Create(fixture.Silo.Http, "viewer");
        var (otherKey, _) = await Keys.Create(fixture.Silo.Http, "admin", "elsewhere");
        await using var viewer = await SdkClient.Connect(fixture.Silo, viewerKey);
        await using var other = await SdkClient.Connect(fixture.Silo, otherKey, "elsewhere");
        // The same key naming a tenant that is not its own.
        await using var spoofed = await SdkClient.Connect(fixture.Silo, otherKey);

        Assert.Equal(set + "-data", (await viewer.Datasets.GetAsync(set + "-data")).Name);
        await Assert.ThrowsAsync<ForbiddenException>(() => viewer.Datasets.BuildTrainingSetAsync(set + "-mine", new TrainingSetRequest([$"{set}:amount"], ["entity", "timestamp"], [])));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => other.Datasets.GetAsync(set + "-data"));
        await Assert.ThrowsAsync<DatasetNotFoundException>(() => other.Datasets.OpenReadAsync(set + "-data"));
        await Assert.ThrowsAnyAsync<NotFoundException>(() => spoofed.Datasets.GetAsync(set + "-data"));
        await Assert.ThrowsAnyAsync<NotFoundException>(() => spoofed.Datasets.BuildTrainingSetAsync("copy", new TrainingSetRequest([$"{set}:amount"], Source: set + "-data")));
    }
}
