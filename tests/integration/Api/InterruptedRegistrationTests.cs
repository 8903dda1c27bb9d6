using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mle.Configuration;
using Mle.Registry;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using Orleans.Storage;

namespace Mle.Tests.Integration.Api;

/// <summary>
/// A silo that dies between reserving a version number and marking the version Ready leaves a Pending
/// entry in durable state. After a restart, the model settles it from what the version grain recorded.
/// </summary>
public sealed class InterruptedRegistrationTests
{
    [Fact]
    public async Task Pending_versions_left_by_a_crash_are_settled_on_restart_and_numbers_are_never_reused()
    {
        await using var silo = await TestSilo.StartAsync();
        await silo.Http.RegisterModel("interrupted", TestModels.BinaryClassifier);

        // What a crash leaves behind, written to the durable store as the model grain would have:
        // version 1 recorded by its version grain but never marked Ready, version 2 reserved and nothing more.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Registry);
        var grainId = silo.Grains.GetGrain<IModelGrain>("default/interrupted").GetGrainId();
        var saved = new GrainState<ModelState>(new ModelState());
        await storage.ReadStateAsync("model", grainId, saved);
        Assert.NotNull(saved.ETag);
        var model = Assert.IsType<ModelState>(saved.State);
        model.Versions[0].Status = VersionStatus.Pending;
        model.Versions.Add(new VersionEntry { Version = 2, Status = VersionStatus.Pending, Flavor = ModelFlavor.MlNet, CreatedAt = DateTimeOffset.UtcNow });
        model.LastVersion = 2;
        await storage.WriteStateAsync("model", grainId, saved);

        await silo.RestartAsync();

        var recorded = await (await silo.Http.GetAsync("/api/v1/models/interrupted/versions/1")).Json();
        Assert.Equal("Ready", (string?)recorded["status"]);
        var lost = await (await silo.Http.GetAsync("/api/v1/models/interrupted/versions/2")).Json();
        Assert.Equal("Failed", (string?)lost["status"]);
        Assert.Contains("interrupted", (string?)lost["failureReason"]);

        var next = await silo.Http.UploadVersion("interrupted", TestModels.BinaryClassifier);
        Assert.Equal(HttpStatusCode.Created, next.StatusCode);
        Assert.Equal(3, (int?)(await next.Json())["version"]);
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.PostJson("/api/v1/models/interrupted/versions/1/score", """{"rows": [{"X1": 1, "X2": 2}]}""")).StatusCode);
    }
}
