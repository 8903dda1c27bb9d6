using System.Net;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Features;
using Mle.Tests.Integration.Hosting;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Backends;

/// <summary>
/// What every production backend must keep across a restart of the silo: a registered model and its artifact, an
/// alias, the same predictions, a feature set and its entities' values, grain state written by a grain, and a reminder. The silo is the real application
/// (<see cref="TestSilo"/>) on the settings given; its own data directory is wiped between the two runs, so anything
/// still there after the restart came from the backend.
/// </summary>
internal static class BackendRoundTrip
{
    private const string Rows = """{"rows": [{"X1": 1.5, "X2": -0.5}]}""";

    /// <summary>Settings for one test on a shared server: its own cluster and service, so tests never see each other's state.</summary>
    public static Dictionary<string, string?> Isolated(Dictionary<string, string?> settings)
    {
        var id = Guid.NewGuid().ToString("N")[..12];
        settings["Mle:Clustering:ClusterId"] = $"cluster-{id}";
        settings["Mle:Clustering:ServiceId"] = $"service-{id}";
        return settings;
    }

    /// <param name="localArtifacts">Whether artifacts are in the silo's data directory (kept across the restart) rather than on the backend.</param>
    public static async Task Survives_a_restart(Dictionary<string, string?> settings, bool localArtifacts = true)
    {
        await using var silo = await TestSilo.StartAsync(settings);
        var model = RestCalls.UniqueName("backend");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);
        (await silo.Http.SetAlias(model, "champion", 1)).EnsureSuccessStatusCode();
        var before = await (await silo.Http.PostJson($"/api/v1/models/{model}/versions/champion/score", Rows)).Json();
        Assert.Equal(3, await Count(silo, model));
        await silo.Grains.GetGrain<IReminderProbeGrain>(model).Remember();
        var set = RestCalls.UniqueName("backend-features");
        await silo.Http.CreateCardSet(set);
        var t = FeatureCalls.RecentSecond();
        await silo.Http.Pushed(set, FeatureCalls.Event("b1", "c1", t, "4.5"), FeatureCalls.Event("b2", "c1", t, "1.5"));
        var features = (await silo.Http.LookedUp(set, ["c1"], ["amount", "amount_count_1m"], t))["results"]!.ToJsonString();
        Assert.Contains("[1.5,2]", features, StringComparison.Ordinal);

        await silo.StopAsync();
        WipeLocalState(silo.DataDirectory, keepArtifacts: localArtifacts);
        await silo.StartAsync();

        var registered = await (await silo.Http.GetAsync($"/api/v1/models/{model}")).Json();
        Assert.Equal(1, (int?)registered["aliases"]!["champion"]);
        var after = await silo.Http.PostJson($"/api/v1/models/{model}/versions/champion/score", Rows);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before["predictions"]!.ToJsonString(), (await after.Json())["predictions"]!.ToJsonString());
        Assert.Equal(4, await silo.Grains.GetGrain<ICounterGrain>(model).Increment());
        Assert.True(await silo.Grains.GetGrain<IReminderProbeGrain>(model).Remembers());
        Assert.Equal(HttpStatusCode.OK, (await silo.Http.GetAsync($"/api/v1/featuresets/{set}")).StatusCode);
        Assert.Equal(features, (await silo.Http.LookedUp(set, ["c1"], ["amount", "amount_count_1m"], t))["results"]!.ToJsonString());
    }

    private static async Task<int> Count(TestSilo silo, string key)
    {
        var counter = silo.Grains.GetGrain<ICounterGrain>(key);
        await counter.Increment();
        await counter.Increment();
        return await counter.Increment();
    }

    /// <summary>Everything the silo keeps locally but the artifacts: no SQLite file could have carried the state.</summary>
    private static void WipeLocalState(string dataDirectory, bool keepArtifacts)
    {
        foreach (var entry in Directory.EnumerateFileSystemEntries(dataDirectory))
        {
            var name = Path.GetFileName(entry);
            if ((keepArtifacts && name == "artifacts") || name == "admin.key")
            {
                continue;
            }
            if (Directory.Exists(entry))
            {
                Directory.Delete(entry, recursive: true);
            }
            else
            {
                File.Delete(entry);
            }
        }
    }
}
