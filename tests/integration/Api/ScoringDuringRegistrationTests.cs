using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

/// <summary>Registration never stalls scoring: the heavy work of an upload runs outside the model's grain.</summary>
/// <remarks>A latency bound, so it runs alone: other tests sharing the two cores would measure themselves, not this.</remarks>
[Collection(LatencyCollection.Name)]
public sealed class ScoringDuringRegistrationTests
{
    private const long ArtifactBytes = 200L * 1024 * 1024;
    private const int MaxRequests = 2000;
    private const int MinOverlappingRequests = 50;

    [Fact]
    public async Task Scoring_a_models_champion_keeps_p99_under_50_ms_while_a_200_MB_version_of_it_uploads()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            // Snapshots expire during the upload, so the catalog asks the model grain again while it records.
            ["Mle:Serving:CatalogRefreshInterval"] = "00:00:00.200",
        });
        var name = RestCalls.UniqueName("busy");
        await silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        (await silo.Http.SetAlias(name, "champion", 1)).EnsureSuccessStatusCode();
        var path = Path.Combine(silo.DataDirectory, "large-model.zip");
        TestModels.WritePaddedBinaryClassifier(path, ArtifactBytes);
        for (var i = 0; i < 20; i++)
        {
            (await Score(silo.Http, name)).EnsureSuccessStatusCode();
        }

        using var uploader = silo.ClientWithKey(silo.AdminKey, TimeSpan.FromMinutes(5));
        var upload = Task.Run(async () =>
        {
            await using var file = File.OpenRead(path);
            using var form = new MultipartFormDataContent();
            var content = new StreamContent(file);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
            form.Add(content, "artifact", "large-model.zip");
            return await uploader.PostAsync($"/api/v1/models/{name}/versions", form);
        });

        var latencies = new List<double>();
        while (!upload.IsCompleted && latencies.Count < MaxRequests)
        {
            var watch = Stopwatch.StartNew();
            var scored = await Score(silo.Http, name);
            watch.Stop();
            Assert.Equal(HttpStatusCode.OK, scored.StatusCode);
            if (!upload.IsCompleted)
            {
                latencies.Add(watch.Elapsed.TotalMilliseconds);
            }
        }

        var registered = await upload;
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        Assert.Equal(ArtifactBytes, (long?)(await registered.Json())["artifact"]!["sizeBytes"] - TestModels.BinaryClassifier.Length, new ToleranceComparer(4096));
        Assert.True(latencies.Count >= MinOverlappingRequests, $"Only {latencies.Count} requests overlapped the upload.");
        latencies.Sort();
        var p99 = latencies[(int)Math.Ceiling(latencies.Count * 0.99) - 1];
        Assert.True(p99 < 50, $"Scoring p99 was {p99:F1} ms over {latencies.Count} requests during the upload (max {latencies[^1]:F1} ms).");
    }

    private static Task<HttpResponseMessage> Score(HttpClient http, string name) =>
        http.PostJson($"/api/v1/models/{name}/versions/champion/score", """{"rows": [{"X1": 1.5, "X2": -0.5}]}""");

    private sealed class ToleranceComparer(long tolerance) : IEqualityComparer<long?>
    {
        public bool Equals(long? x, long? y) => x.HasValue && y.HasValue && Math.Abs(x.Value - y.Value) <= tolerance;

        public int GetHashCode(long? obj) => 0;
    }
}
