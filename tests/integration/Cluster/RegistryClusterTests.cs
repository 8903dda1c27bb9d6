using Mle.Client;
using Mle.Errors;
using Mle.Artifacts;
using Mle.Paging;
using Mle.Registry;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Cluster;

[Collection(RegistryClusterCollection.Name)]
public sealed class RegistryClusterTests(RegistryCluster cluster)
{
    [Fact]
    public async Task A_registered_version_is_ready_with_the_schema_read_from_the_artifact()
    {
        var models = cluster.Models(0);
        var name = Registration.UniqueName("reg");
        await models.CreateAsync(name, "a classifier", new Dictionary<string, string> { ["team"] = "risk" });

        var version = await models.RegisterClassifier(name);

        Assert.Equal(1, version.Version);
        Assert.Equal(VersionStatus.Ready, version.Status);
        Assert.Equal(ModelFlavor.MlNet, version.Flavor);
        Assert.Equal(ContentHash.Of(TestModels.BinaryClassifier), version.Artifact!.Sha256);
        Assert.NotNull(version.Schema!.FindInput("X1"));
        Assert.NotNull(version.Schema.FindInput("X2"));
        Assert.True(await cluster.Artifacts.Exists(version.Artifact.Sha256));

        var second = await cluster.Models(1).RegisterClassifier(name);
        Assert.Equal(2, second.Version);
        var model = await models.GetAsync(name);
        Assert.Equal((2, 2), (model.LatestVersion, model.VersionCount));
    }

    [Fact]
    public async Task Creating_a_model_twice_is_a_conflict_and_an_unknown_model_is_not_found()
    {
        var models = cluster.Models(0);
        var name = Registration.UniqueName("dup");
        await models.CreateAsync(name);

        var duplicate = await Assert.ThrowsAsync<ModelAlreadyExistsException>(() => models.CreateAsync(name));
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(() => models.GetAsync(Registration.UniqueName("ghost")));
        var invalid = await Assert.ThrowsAsync<InvalidRequestException>(() => models.CreateAsync("no/slashes"));

        Assert.Equal(ErrorCodes.ModelAlreadyExists, duplicate.Code);
        Assert.Equal(ErrorCodes.ModelNotFound, missing.Code);
        Assert.Equal(ErrorCodes.InvalidName, invalid.Code);
    }

    [Fact]
    public async Task A_bad_artifact_registers_nothing_and_stores_nothing()
    {
        var models = cluster.Models(0);
        var name = Registration.UniqueName("bad");
        await models.CreateAsync(name);
        var garbage = "this is not a model"u8.ToArray();

        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => models.RegisterVersionAsync(name, new MemoryStream(garbage)));

        Assert.Equal(ErrorCodes.InvalidArtifact, error.Code);
        Assert.False(await cluster.Artifacts.Exists(ContentHash.Of(garbage)));
        Assert.Equal(0, (await models.GetAsync(name)).VersionCount);
        Assert.Equal(1, (await models.RegisterClassifier(name)).Version);
    }

    [Fact]
    public async Task An_artifact_over_the_silo_limit_is_rejected_before_inspection()
    {
        var models = cluster.Models(0);
        var name = Registration.UniqueName("big");
        await models.CreateAsync(name);
        var oversized = new byte[RegistryCluster.MaxArtifactBytes + 1];

        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => models.RegisterVersionAsync(name, new MemoryStream(oversized)));

        Assert.Equal(ErrorCodes.ArtifactTooLarge, error.Code);
        Assert.False(await cluster.Artifacts.Exists(ContentHash.Of(oversized)));
        Assert.Equal(0, (await models.GetAsync(name)).VersionCount);
    }

    [Fact]
    public async Task The_sdk_rejects_an_artifact_over_its_own_limit_without_calling_the_silo()
    {
        var name = Registration.UniqueName("sdk-limit");
        await cluster.Models(0).CreateAsync(name);
        var models = cluster.Models(0, new MleClientOptions { MaxArtifactBytes = 16 });

        var error = await Assert.ThrowsAsync<InvalidArtifactException>(() => models.RegisterVersionAsync(name, new NonSeekableStream(new byte[17])));

        Assert.Equal(ErrorCodes.ArtifactTooLarge, error.Code);
        Assert.Equal(0, (await models.GetAsync(name)).VersionCount);
    }

    [Fact]
    public async Task Aliases_follow_the_rules_and_show_on_versions()
    {
        var models = cluster.Models(0);
        var name = Registration.UniqueName("alias");
        await models.CreateAsync(name);
        await models.RegisterClassifier(name);
        await models.RegisterClassifier(name);

        var model = await models.SetAliasAsync(name, "champion", 1);
        Assert.Equal(1, model.Aliases["champion"]);
        Assert.Equal(["champion"], (await models.GetVersionAsync(name, "1")).Aliases);
        Assert.Equal(1, (await models.GetVersionAsync(name, "champion")).Version);

        var missingVersion = await Assert.ThrowsAsync<VersionNotFoundException>(() => models.SetAliasAsync(name, "champion", 9));
        Assert.Equal(ErrorCodes.VersionNotFound, missingVersion.Code);

        await models.DeleteAliasAsync(name, "champion");
        var missingAlias = await Assert.ThrowsAsync<AliasNotFoundException>(() => models.DeleteAliasAsync(name, "champion"));
        Assert.Equal(ErrorCodes.AliasNotFound, missingAlias.Code);
    }

    [Fact]
    public async Task An_archived_version_loses_its_aliases_and_cannot_get_new_ones()
    {
        var models = cluster.Models(1);
        var name = Registration.UniqueName("archive");
        await models.CreateAsync(name);
        await models.RegisterClassifier(name);
        await models.SetAliasAsync(name, "champion", 1);

        var archived = await models.ArchiveVersionAsync(name, 1);

        Assert.True(archived.Archived);
        Assert.Empty(archived.Aliases);
        Assert.Empty((await models.GetAsync(name)).Aliases);
        var error = await Assert.ThrowsAsync<ConflictException>(() => models.SetAliasAsync(name, "champion", 1));
        Assert.Equal(ErrorCodes.VersionArchived, error.Code);
    }

    [Fact]
    public async Task Models_are_listed_in_pages_and_searched_by_text_and_tag()
    {
        var tenant = Registration.UniqueName("tenant");
        var models = cluster.Models(0, new MleClientOptions { Tenant = tenant });
        await models.CreateAsync("alpha", "fraud scorer", new Dictionary<string, string> { ["team"] = "risk" });
        await models.CreateAsync("beta", "churn", new Dictionary<string, string> { ["team"] = "growth" });
        await models.CreateAsync("gamma", "fraud rules", new Dictionary<string, string> { ["team"] = "risk", ["tier"] = "gold" });

        var first = await models.ListAsync(new PageRequest(PageSize: 2));
        var second = await models.ListAsync(new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));

        Assert.Equal(["alpha", "beta"], first.Items.Select(m => m.Name));
        Assert.Equal(["gamma"], second.Items.Select(m => m.Name));
        Assert.Null(second.ContinuationToken);
        Assert.Equal(["alpha", "gamma"], (await models.ListAsync(new PageRequest(Query: "FRAUD"))).Items.Select(m => m.Name));
        Assert.Equal(["gamma"], (await models.ListAsync(new PageRequest(Tag: "tier=gold"))).Items.Select(m => m.Name));
    }

    [Fact]
    public async Task Versions_are_listed_newest_first_in_pages()
    {
        var models = cluster.Models(0);
        var name = Registration.UniqueName("list");
        await models.CreateAsync(name);
        for (var i = 0; i < 3; i++)
        {
            await models.RegisterClassifier(name);
        }

        var first = await models.ListVersionsAsync(name, new PageRequest(PageSize: 2));
        var second = await models.ListVersionsAsync(name, new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));

        Assert.Equal([3, 2], first.Items.Select(v => v.Version));
        Assert.Equal([1], second.Items.Select(v => v.Version));
        Assert.Equal(3, first.TotalCount);
    }

    /// <summary>A stream that cannot tell its length, so the SDK must count while reading.</summary>
    private sealed class NonSeekableStream(byte[] content) : MemoryStream(content)
    {
        public override bool CanSeek => false;
    }
}
