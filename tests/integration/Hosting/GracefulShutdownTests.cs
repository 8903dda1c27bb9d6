using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Features;
using Mle.Tests.Integration.Pipelines;
using Mle.Tests.Integration.Infrastructure;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Hosting;

/// <summary>
/// The real silo process stopped by SIGTERM (what Kubernetes sends) while a version upload is in flight: it stops
/// taking connections, finishes the upload, writes what it acknowledged, and exits 0 within its shutdown timeout;
/// and the grains it deactivates on the way write the state they kept in memory.
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class GracefulShutdownTests(ITestOutputHelper output)
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan ShutdownTimeout = TimeSpan.FromSeconds(20);
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task SIGTERM_during_an_upload_finishes_it_refuses_new_connections_and_exits_0_with_the_version_stored()
    {
        var data = Path.Combine(Path.GetTempPath(), "mle-sigterm-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>
        {
            ["Mle:Shutdown:Timeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
        };
        try
        {
            await using (var silo = await SiloProcess.Start(data, settings, StartTimeout))
            {
                Assert.Equal(HttpStatusCode.Created, (await silo.Http.CreateModel("graceful")).StatusCode);
                var resume = new TaskCompletionSource();
                var upload = Upload(silo.Http, "graceful", DistinctModels.Logistic(7), resume.Task);
                // The handler is reading the body once the store holds its temporary file.
                await Eventually.Holds(() => Task.FromResult(PartialFiles(data).Length), n => n > 0, Bound, "the upload's temporary file");

                var stopping = Stopwatch.StartNew();
                await silo.Terminate();
                await Eventually.Holds(() => Refuses(silo.Http.BaseAddress!), refused => refused, Bound, "refusing new connections");
                output.WriteLine($"New connections refused {stopping.Elapsed.TotalMilliseconds:0} ms after SIGTERM, the upload still in flight.");
                Assert.False(silo.HasExited);

                resume.SetResult();
                using var response = await upload.WaitAsync(Bound);
                var body = await response.Content.ReadAsStringAsync();
                Assert.True(response.StatusCode == HttpStatusCode.Created, $"{(int)response.StatusCode}: {body}");
                Assert.Equal(1, (int)JsonNode.Parse(body)!["version"]!);

                var exitCode = await silo.WaitForExit(ShutdownTimeout + TimeSpan.FromSeconds(10));
                output.WriteLine($"Exited {exitCode} {stopping.Elapsed.TotalMilliseconds:0} ms after SIGTERM (timeout {ShutdownTimeout.TotalSeconds:0} s).");
                Assert.True(exitCode == 0, $"Exit code {exitCode}:{Environment.NewLine}{silo.RecentOutput}");
                Assert.True(stopping.Elapsed < ShutdownTimeout, $"The stop took {stopping.Elapsed}, past its timeout {ShutdownTimeout}.");
            }

            await using (var silo = await SiloProcess.Start(data, settings, StartTimeout))
            {
                var version = await (await silo.Http.GetAsync("/api/v1/models/graceful/versions/1")).Json();
                Assert.Equal("Ready", (string?)version["status"]);
                var scored = await silo.Http.PostJson("/api/v1/models/graceful/versions/1/score", DistinctModels.RowJson);
                Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
                Assert.Equal(DistinctModels.ExpectedProbability(7), (double)(await scored.Json())["predictions"]![0]!["probability"]!, 5);
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

    [Fact]
    public async Task SIGTERM_deactivates_the_grains_so_state_they_kept_in_memory_is_written_and_read_after_the_restart()
    {
        var data = Path.Combine(Path.GetTempPath(), "mle-sigterm-" + Guid.NewGuid().ToString("N"));
        var settings = new Dictionary<string, string>
        {
            ["Mle:Shutdown:Timeout"] = ShutdownTimeout.ToString("c", CultureInfo.InvariantCulture),
            // Entities write at most every 10 minutes, and a pipeline's counters only at lifecycle changes: until the
            // silo deactivates them, this state is in memory only.
            ["Mle:Features:WriteBehind"] = "00:10:00",
        };
        var time = FeatureCalls.RecentSecond(30);
        string before;
        try
        {
            await using (var silo = await SiloProcess.Start(data, settings, StartTimeout))
            {
                await silo.Http.CreateCardSet("behind");
                await silo.Http.Pushed("behind", FeatureCalls.Event("e1", "c1", time, "2"), FeatureCalls.Event("e2", "c1", time.AddSeconds(1), "4"),
                    FeatureCalls.Event("e3", "c2", time, "7"));
                before = (await silo.Http.LookedUp("behind", ["c1", "c2"], ["amount", "amount_avg_10m"], time.AddSeconds(5)))["results"]!.ToJsonString();
                await silo.Http.CreatePipeline("""
                    {"name": "counted", "source": {"type": "rest", "schema": {"X1": "number"}}, "steps": [{"name": "double", "type": "map", "set": {"Y": "X1 * 2"}}]}
                    """);
                await silo.Http.Command("counted", "deploy");
                await silo.Http.Pushed("counted", Enumerable.Range(0, 12).Select(i => PipelineCalls.Event($"p{i}", $"k{i}", """{"X1": 1}""")));
                await silo.Http.Settled("counted", 12);

                await silo.Terminate();
                var exitCode = await silo.WaitForExit(ShutdownTimeout + TimeSpan.FromSeconds(10));
                Assert.True(exitCode == 0, $"Exit code {exitCode}:{Environment.NewLine}{silo.RecentOutput}");
            }

            await using (var silo = await SiloProcess.Start(data, settings, StartTimeout))
            {
                var after = (await silo.Http.LookedUp("behind", ["c1", "c2"], ["amount", "amount_avg_10m"], time.AddSeconds(5)))["results"]!.ToJsonString();
                Assert.Equal(before, after);
                var pipeline = await silo.Http.Status("counted");
                Assert.Equal("Running", (string?)pipeline["state"]);
                Assert.Equal("""{"in":12,"out":12,"filtered":0,"failed":0,"deadLettered":0}""", pipeline["counters"]!.ToJsonString());
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

    private static async Task<HttpResponseMessage> Upload(HttpClient http, string model, byte[] artifact, Task resume)
    {
        using var content = new PausedArtifactUpload(artifact, resume);
        return await http.PostAsync($"/api/v1/models/{model}/versions", content);
    }

    /// <summary>Whether a new connection to the silo is refused (a fresh client each time: no pooled connection).</summary>
    private static async Task<bool> Refuses(Uri address)
    {
        using var fresh = new HttpClient { BaseAddress = address, Timeout = TimeSpan.FromSeconds(2) };
        try
        {
            using var response = await fresh.GetAsync("/healthz/live");
            return false;
        }
        catch (HttpRequestException)
        {
            return true;
        }
    }

    private static string[] PartialFiles(string data)
    {
        var root = Path.Combine(data, "artifacts");
        return Directory.Exists(root) ? Directory.GetFiles(root, "*.partial", SearchOption.AllDirectories) : [];
    }
}
