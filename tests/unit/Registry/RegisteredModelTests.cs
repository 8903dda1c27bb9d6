using Mle.Errors;
using Mle.Naming;
using Mle.Registry;

namespace Mle.Tests.Unit.Registry;

public sealed class RegisteredModelTests
{
    private static readonly DateTimeOffset Now = new(2026, 1, 2, 3, 4, 5, TimeSpan.Zero);

    private static RegisteredModel CreatedModel(ModelState? state = null)
    {
        var model = new RegisteredModel(new ModelRef("acme", "churn"), state ?? new ModelState());
        model.Create(new CreateModel("predicts churn", new Dictionary<string, string> { ["team"] = "growth" }), Now);
        return model;
    }

    private static int ReadyVersion(RegisteredModel model)
    {
        var entry = model.Reserve(ModelFlavor.MlNet, Now);
        model.MarkReady(entry.Version, Now);
        return entry.Version;
    }

    private static T Throws<T>(string code, Action act) where T : MleException
    {
        var error = Assert.Throws<T>(act);
        Assert.Equal(code, error.Code);
        return error;
    }

    [Fact]
    public void Creating_a_model_twice_is_a_conflict()
    {
        var model = CreatedModel();
        Throws<ModelAlreadyExistsException>(ErrorCodes.ModelAlreadyExists, () => model.Create(new CreateModel(null, new Dictionary<string, string>()), Now));
    }

    [Fact]
    public void A_model_that_was_never_created_is_not_found()
    {
        var model = new RegisteredModel(new ModelRef("acme", "ghost"), new ModelState());
        Throws<ModelNotFoundException>(ErrorCodes.ModelNotFound, () => model.Snapshot());
        Throws<ModelNotFoundException>(ErrorCodes.ModelNotFound, () => model.Reserve(ModelFlavor.Onnx, Now));
    }

    [Fact]
    public void A_tag_key_with_an_equals_sign_is_rejected_and_nothing_is_created()
    {
        var state = new ModelState();
        var model = new RegisteredModel(new ModelRef("acme", "churn"), state);
        Throws<InvalidRequestException>(ErrorCodes.InvalidRequest, () => model.Create(new CreateModel(null, new Dictionary<string, string> { ["a=b"] = "c" }), Now));
        Assert.False(state.Created);
    }

    [Fact]
    public void Versions_are_numbered_from_one_and_a_failed_number_is_never_reused()
    {
        var model = CreatedModel();
        var first = model.Reserve(ModelFlavor.MlNet, Now);
        model.MarkFailed(first.Version, "bad", Now);
        var second = model.Reserve(ModelFlavor.MlNet, Now);

        Assert.Equal(1, first.Version);
        Assert.Equal(2, second.Version);
        Assert.Equal(VersionStatus.Failed, model.Entry(1).Status);
        Assert.Equal("bad", model.Entry(1).FailureReason);
        Assert.Equal(VersionStatus.Pending, model.Entry(2).Status);
        Assert.Equal([2], model.Pending.Select(p => p.Version));
    }

    [Fact]
    public void A_settled_version_cannot_be_settled_again()
    {
        var model = CreatedModel();
        var version = ReadyVersion(model);
        Assert.Throws<InvalidOperationException>(() => model.MarkFailed(version, "late", Now));
    }

    [Fact]
    public void Every_change_bumps_the_revision()
    {
        var model = CreatedModel();
        var revisions = new List<long> { model.Revision };
        var version = ReadyVersion(model);
        revisions.Add(model.Revision);
        model.SetAlias("champion", version, Now);
        revisions.Add(model.Revision);
        model.DeleteAlias("champion", Now);
        revisions.Add(model.Revision);
        model.Archive(version, Now);
        revisions.Add(model.Revision);

        Assert.Equal(revisions.Order(), revisions);
        Assert.Equal(revisions.Count, revisions.Distinct().Count());
        Assert.Equal(model.Revision, model.Snapshot().Revision);
    }

    [Fact]
    public void An_alias_can_be_set_moved_and_resolved()
    {
        var model = CreatedModel();
        var v1 = ReadyVersion(model);
        var v2 = ReadyVersion(model);

        model.SetAlias("champion", v1, Now);
        Assert.Equal(v1, model.Resolve(VersionSelector.ForAlias("champion")).Version);
        model.SetAlias("champion", v2, Now);

        Assert.Equal(v2, model.Resolve(VersionSelector.ForAlias("champion")).Version);
        Assert.Equal(["champion"], model.AliasesOf(v2));
        Assert.Empty(model.AliasesOf(v1));
        Assert.Equal(v2, model.Info().Aliases["champion"]);
    }

    [Fact]
    public void An_alias_cannot_point_at_a_version_that_is_not_ready()
    {
        var model = CreatedModel();
        var pending = model.Reserve(ModelFlavor.MlNet, Now);
        Throws<ConflictException>(ErrorCodes.VersionNotReady, () => model.SetAlias("champion", pending.Version, Now));
        Assert.Empty(model.Snapshot().Aliases);
    }

    [Fact]
    public void An_alias_cannot_point_at_an_archived_version()
    {
        var model = CreatedModel();
        var version = ReadyVersion(model);
        model.Archive(version, Now);
        Throws<ConflictException>(ErrorCodes.VersionArchived, () => model.SetAlias("champion", version, Now));
    }

    [Fact]
    public void An_alias_cannot_point_at_a_missing_version_or_be_a_number()
    {
        var model = CreatedModel();
        Throws<VersionNotFoundException>(ErrorCodes.VersionNotFound, () => model.SetAlias("champion", 9, Now));
        ReadyVersion(model);
        Throws<InvalidRequestException>(ErrorCodes.InvalidName, () => model.SetAlias("42", 1, Now));
        Throws<InvalidRequestException>(ErrorCodes.InvalidName, () => model.SetAlias("bad/alias", 1, Now));
    }

    [Fact]
    public void Archiving_removes_the_aliases_that_point_at_the_version_and_only_those()
    {
        var model = CreatedModel();
        var v1 = ReadyVersion(model);
        var v2 = ReadyVersion(model);
        model.SetAlias("champion", v1, Now);
        model.SetAlias("stable", v1, Now);
        model.SetAlias("challenger", v2, Now);

        Assert.True(model.Archive(v1, Now));

        var snapshot = model.Snapshot();
        Assert.Equal(new Dictionary<string, int> { ["challenger"] = v2 }, snapshot.Aliases);
        Assert.Contains(v1, snapshot.Archived);
        Throws<AliasNotFoundException>(ErrorCodes.AliasNotFound, () => model.Resolve(VersionSelector.ForAlias("champion")));
    }

    [Fact]
    public void Archiving_twice_changes_nothing_the_second_time()
    {
        var model = CreatedModel();
        var version = ReadyVersion(model);
        Assert.True(model.Archive(version, Now));
        var revision = model.Revision;
        Assert.False(model.Archive(version, Now));
        Assert.Equal(revision, model.Revision);
    }

    [Fact]
    public void Deleting_a_missing_alias_is_alias_not_found()
    {
        var model = CreatedModel();
        var revision = model.Revision;
        Throws<AliasNotFoundException>(ErrorCodes.AliasNotFound, () => model.DeleteAlias("champion", Now));
        Assert.Equal(revision, model.Revision);
    }

    [Fact]
    public void The_snapshot_lists_every_version_with_its_status()
    {
        var model = CreatedModel();
        var ready = ReadyVersion(model);
        var failed = model.Reserve(ModelFlavor.Onnx, Now).Version;
        model.MarkFailed(failed, "oops", Now);
        var pending = model.Reserve(ModelFlavor.Onnx, Now).Version;

        var snapshot = model.Snapshot();

        Assert.Equal(VersionStatus.Ready, snapshot.Versions[ready]);
        Assert.Equal(VersionStatus.Failed, snapshot.Versions[failed]);
        Assert.Equal(VersionStatus.Pending, snapshot.Versions[pending]);
        Assert.Equal([pending, failed, ready], model.NewestFirst().Select(v => v.Version));
        Assert.Equal(3, model.Info().LatestVersion);
    }
}
