using System.Net;
using System.Net.Http.Headers;
using System.Text.Json;
using Mle.Bench.Servers;
using Mle.Features;

namespace Mle.Bench.Features;

/// <summary>The feature mart's fixed /api/v1 routes, as the harness calls them to set a case up.</summary>
public sealed class FeatureMartRest(HttpClient client)
{
    private const int MaxAttempts = 5;

    /// <summary>Creates the benchmark's feature set; an existing one is fine, so a step can be repeated.</summary>
    public async Task CreateSet()
    {
        using var response = await client.PostAsync("api/v1/featuresets", Json(FeatureWorkload.CreateBody()));
        if (response.StatusCode != HttpStatusCode.Conflict)
        {
            await PlatformRestClient.EnsureSuccess(response, "create the feature set");
        }
    }

    /// <summary>Pushes events in batches, a few at a time; returns how many were applied.</summary>
    public async Task<long> Push(IEnumerable<FeatureEvent> events, int batch, int parallel)
    {
        var applied = 0L;
        await Parallel.ForEachAsync(events.Chunk(batch), new ParallelOptions { MaxDegreeOfParallelism = parallel }, async (chunk, cancellation) =>
        {
            var body = FeatureBodies.Push(chunk);
            var response = await client.PostAsync($"api/v1/featuresets/{FeatureWorkload.SetName}/push", Json(body), cancellation);
            // On a saturated machine a push can outlast a grain call's timeout (503 cluster_unavailable, "retry
            // shortly"); pushes are idempotent by event id, so the harness retries as a client should.
            for (var attempt = 1; response.StatusCode == HttpStatusCode.ServiceUnavailable && attempt < MaxAttempts; attempt++)
            {
                response.Dispose();
                Console.WriteLine($"[features] push answered 503, retrying ({attempt}/{MaxAttempts - 1})");
                await Task.Delay(TimeSpan.FromSeconds(2), cancellation);
                response = await client.PostAsync($"api/v1/featuresets/{FeatureWorkload.SetName}/push", Json(body), cancellation);
            }
            using var answered = response;
            await PlatformRestClient.EnsureSuccess(response, "push events");
            using var document = JsonDocument.Parse(await response.Content.ReadAsStreamAsync(cancellation));
            Interlocked.Add(ref applied, document.RootElement.GetProperty("applied").GetInt64());
        });
        return applied;
    }

    /// <summary>One lookup of <paramref name="entities"/> (now, or as of <paramref name="asOf"/>), its JSON answer as sent.</summary>
    public Task<JsonDocument> Lookup(IReadOnlyList<string> entities, DateTimeOffset? asOf = null) => Lookup(client, entities, asOf);

    /// <summary>The same lookup on any server that answers the route (the platform, or the peer without <paramref name="asOf"/>).</summary>
    public static async Task<JsonDocument> Lookup(HttpClient server, IReadOnlyList<string> entities, DateTimeOffset? asOf = null)
    {
        using var response = await server.PostAsync(
            $"api/v1/featuresets/{FeatureWorkload.SetName}/lookup", Json(FeatureBodies.Lookup(entities, FeatureWorkload.Features, asOf)));
        await PlatformRestClient.EnsureSuccess(response, "look features up");
        return await JsonDocument.ParseAsync(await response.Content.ReadAsStreamAsync());
    }

    private static ByteArrayContent Json(byte[] body) => new(body) { Headers = { ContentType = new MediaTypeHeaderValue("application/json") } };
}
