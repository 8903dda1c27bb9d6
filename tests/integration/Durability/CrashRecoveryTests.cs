using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Durability;

/// <summary>
/// The silo as a child process, killed with SIGKILL while several clients upload distinct small models over HTTP
/// and one upload is stalled halfway (so a temporary file is certainly in the store at the kill), then started
/// again on the same data directory, three times. Nothing acknowledged may be lost, and nothing left behind may stay.
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class CrashRecoveryTests(ITestOutputHelper output)
{
    private const int Rounds = 3;
    private const int Uploaders = 6;
    private const int AcknowledgedPerRound = 8;
    private static readonly string[] ModelNames = ["crash-a", "crash-b", "crash-c"];
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RoundTimeout = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan SweepTimeout = TimeSpan.FromSeconds(30);

    private static readonly Dictionary<string, string> Settings = new()
    {
        // Temporary files of dead writers go after a second, so the test sees the sweep within its bounds.
        ["Mle:Artifacts:AbandonedWriteAge"] = "00:00:01",
        // Every uploader and the stalled upload get a slot: a refusal would be no acknowledgement to check.
        ["Mle:Limits:MaxConcurrentUploads"] = "32",
    };

    private sealed record Acknowledged(string Model, int Version, int Index);

    [Fact]
    public async Task Every_version_acknowledged_before_a_SIGKILL_is_Ready_after_restart_scores_right_and_nothing_is_left_behind()
    {
        var data = Path.Combine(Path.GetTempPath(), "mle-crash-" + Guid.NewGuid().ToString("N"));
        var acknowledged = new ConcurrentBag<Acknowledged>();
        var unexpected = new ConcurrentBag<string>();
        var next = 0;
        try
        {
            for (var round = 0; round < Rounds; round++)
            {
                await using var silo = await SiloProcess.Start(data, Settings, StartTimeout);
                if (round == 0)
                {
                    foreach (var name in ModelNames)
                    {
                        Assert.Equal(HttpStatusCode.Created, (await silo.Http.CreateModel(name)).StatusCode);
                    }
                }

                using var stop = new CancellationTokenSource();
                var release = new TaskCompletionSource();
                var enough = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
                var acknowledgedThisRound = 0;
                var stalled = StalledUpload(silo.Http, ModelNames[0], DistinctModels.Logistic(-1 - round), release.Task);
                var uploaders = Enumerable.Range(0, Uploaders).Select(_ => Task.Run(async () =>
                {
                    while (!stop.IsCancellationRequested)
                    {
                        var index = Interlocked.Increment(ref next);
                        var model = ModelNames[index % ModelNames.Length];
                        if (await Upload(silo.Http, model, index, unexpected) is not { } version)
                        {
                            return;
                        }
                        acknowledged.Add(new Acknowledged(model, version, index));
                        if (Interlocked.Increment(ref acknowledgedThisRound) >= AcknowledgedPerRound)
                        {
                            enough.TrySetResult();
                        }
                    }
                })).ToList();

                await enough.Task.WaitAsync(RoundTimeout);
                await Eventually.Holds(() => Task.FromResult(PartialFiles(data).Length), n => n > 0, RoundTimeout, "the stalled upload's temporary file");
                await silo.Kill();
                await stop.CancelAsync();
                release.TrySetResult();
                await Task.WhenAll(uploaders).WaitAsync(RoundTimeout);
                await stalled.WaitAsync(RoundTimeout);
                // The crash left the stalled upload's temporary file (and maybe others) for the next start to clean.
                Assert.NotEmpty(PartialFiles(data));
                output.WriteLine($"Round {round + 1}: {acknowledged.Count} acknowledged so far, {PartialFiles(data).Length} temporary files and {StoredArtifacts(data).Count} artifacts after the kill.");
            }
            Assert.Empty(unexpected);
            Assert.True(acknowledged.Count >= Rounds * AcknowledgedPerRound);
            Assert.All(acknowledged.GroupBy(a => (a.Model, a.Version)), same => Assert.Single(same));

            await using (var silo = await SiloProcess.Start(data, Settings, StartTimeout))
            {
                await Eventually.Holds(() => Task.FromResult(PartialFiles(data)), files => files.Length == 0, SweepTimeout, "the abandoned-write sweep");
                await AssertReadyAndScoring(silo.Http, acknowledged);
            }

            // Artifacts referenced by no version (a kill between storing and recording) go once their grace period
            // has passed; a short one here. Every version recorded keeps its artifact, acknowledged or not.
            var collecting = new Dictionary<string, string>(Settings)
            {
                ["Mle:Artifacts:UnreferencedGracePeriod"] = "00:00:01",
                ["Mle:Artifacts:UnreferencedSweepInterval"] = "00:00:01",
            };
            await using (var silo = await SiloProcess.Start(data, collecting, StartTimeout))
            {
                var referenced = await ReadyArtifacts(silo.Http);
                Assert.Superset(acknowledged.Select(a => (a.Model, a.Version)).ToHashSet(), referenced.Keys.ToHashSet());
                var expected = referenced.Values.ToHashSet();
                output.WriteLine($"{referenced.Count} Ready versions ({acknowledged.Count} acknowledged); {StoredArtifacts(data).Count - expected.Count} unreferenced artifacts to collect.");
                await Eventually.Holds(() => Task.FromResult(StoredArtifacts(data)), stored => stored.SetEquals(expected), SweepTimeout,
                    $"the collection of unreferenced artifacts (expected {expected.Count})");
                await AssertReadyAndScoring(silo.Http, acknowledged);
            }
        }
        finally
        {
            if (Directory.Exists(data))
            {
                Directory.Delete(data, recursive: true);
            }
        }
    }

    /// <summary>The version number of a 201, or null once the silo is gone; any other answer is recorded as unexpected.</summary>
    private static async Task<int?> Upload(HttpClient http, string model, int index, ConcurrentBag<string> unexpected)
    {
        try
        {
            using var response = await http.UploadVersion(model, DistinctModels.Logistic(index));
            var body = await response.Content.ReadAsStringAsync();
            if (response.StatusCode == HttpStatusCode.Created)
            {
                return (int)JsonNode.Parse(body)!["version"]!;
            }
            unexpected.Add($"{(int)response.StatusCode}: {body}");
            return null;
        }
        catch (HttpRequestException)
        {
            return null;
        }
        catch (TaskCanceledException)
        {
            return null;
        }
    }

    /// <summary>Sends the multipart head and half the artifact, then nothing until <paramref name="release"/> (after the kill); never acknowledged.</summary>
    private static async Task StalledUpload(HttpClient http, string model, byte[] artifact, Task release)
    {
        try
        {
            using var content = new PausedArtifactUpload(artifact, release);
            using var response = await http.PostAsync($"/api/v1/models/{model}/versions", content);
            Assert.Fail($"The stalled upload was answered {(int)response.StatusCode}.");
        }
        catch (HttpRequestException)
        {
            // The silo died under it, as intended.
        }
        catch (TaskCanceledException)
        {
        }
    }

    private static async Task AssertReadyAndScoring(HttpClient http, IEnumerable<Acknowledged> acknowledged)
    {
        foreach (var version in acknowledged)
        {
            var path = string.Create(CultureInfo.InvariantCulture, $"/api/v1/models/{version.Model}/versions/{version.Version}");
            var info = await (await http.GetAsync(path)).Json();
            Assert.Equal("Ready", (string?)info["status"]);
            var scored = await http.PostJson(path + "/score", DistinctModels.RowJson);
            Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
            var probability = (double)(await scored.Json())["predictions"]![0]!["probability"]!;
            Assert.Equal(DistinctModels.ExpectedProbability(version.Index), probability, 5);
        }
    }

    /// <summary>Every Ready version of the test's models, with its artifact's digest.</summary>
    private static async Task<Dictionary<(string Model, int Version), string>> ReadyArtifacts(HttpClient http)
    {
        var ready = new Dictionary<(string, int), string>();
        foreach (var model in ModelNames)
        {
            string? token = null;
            do
            {
                var query = token is null ? "" : "&continuationToken=" + Uri.EscapeDataString(token);
                var page = await (await http.GetAsync($"/api/v1/models/{model}/versions?pageSize=100{query}")).Json();
                foreach (var item in page["items"]!.AsArray())
                {
                    if ((string?)item!["status"] == "Ready")
                    {
                        ready[(model, (int)item["version"]!)] = (string)item["artifact"]!["sha256"]!;
                    }
                }
                token = (string?)page["continuationToken"];
            }
            while (token is not null);
        }
        return ready;
    }

    private static string[] PartialFiles(string data)
    {
        var root = Path.Combine(data, "artifacts");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*.partial", SearchOption.AllDirectories) : [];
    }

    private static HashSet<string> StoredArtifacts(string data)
    {
        var store = Path.Combine(data, "artifacts", "sha256");
        return Directory.Exists(store)
            ? Directory.GetFiles(store, "*", SearchOption.AllDirectories).Select(Path.GetFileName).OfType<string>().ToHashSet()
            : [];
    }
}
