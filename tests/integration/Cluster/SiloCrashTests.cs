using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Azure.Storage.Queues;
using Mle.Security;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Features;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// Three real silo processes on Redis (membership, grain state, reminders) with one shared artifact folder and
/// persistent streams in Azure Queues (Azurite), under a steady load of scoring and registry reads through two of
/// them and of feature events that an external producer writes to the queues; the third is killed with SIGKILL.
/// Requests may fail while the cluster has not yet voted the dead silo out; after that every request succeeds
/// again, every model and alias is still there, every acknowledged event is applied exactly once (none lost, every
/// redelivery dropped by its event id), every pipeline's versions, lifecycle state and saved counters and an endpoint's
/// spec are still there (<see cref="PipelinesAcrossACrash"/>), the running pipeline processes new events and the paused
/// one, resumed, the events it kept, and a fourth silo joins and takes new activations. The numbers are printed (README).
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class SiloCrashTests(RedisFixture redis, AzuriteFixture azurite, ITestOutputHelper output)
    : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private const int Models = 9;
    private const int Workers = 4;
    private const string ModelGrainType = "model";
    private const string PipelineGrainType = "pipeline";
    private const string PipelinePartitionGrainType = "pipelinepartition";
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    // Failure detection for tests: a silo that misses 2 probes of 1 s is voted dead (production keeps Orleans' 5 s x 3).
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(1);
    private const int MissedProbesLimit = 2;
    // Converged: no failure for this long, and at least MinimumObservation after the kill.
    private static readonly TimeSpan QuietPeriod = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan MinimumObservation = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan ConvergenceBound = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan NewSiloBound = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan RequestTimeout = TimeSpan.FromSeconds(10);
    private const int FeatureSets = 4;
    private const int EntitiesPerSet = 8;
    private const int Producers = 2;
    private const string Tenant = "default";
    // A message the dead silo had read comes back to the queue after this long (Azure's default is 30 s).
    private static readonly TimeSpan QueueVisibilityTimeout = TimeSpan.FromSeconds(10);
    private static readonly TimeSpan EventsBound = TimeSpan.FromSeconds(120);
    private const int DeliberateResends = 100;

    private sealed record Outcome(long At, bool Succeeded, string What);

    [SkippableFact]
    public async Task After_a_SIGKILL_requests_succeed_once_membership_converges_nothing_is_lost_and_a_fourth_silo_takes_new_activations()
    {
        var server = redis.Server;
        var queues = azurite.Server.ConnectionString;
        var root = Directory.CreateTempSubdirectory("mle-silo-crash-");
        var key = ApiKeyToken.Generate().ToString();
        var clusterId = "crash-" + Guid.NewGuid().ToString("N")[..8];
        var settings = new Dictionary<string, string>
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = server.ConnectionString,
            ["Mle:Clustering:ClusterId"] = clusterId,
            ["Mle:Clustering:AdvertisedAddress"] = "127.0.0.1",
            ["Mle:Clustering:ProbeTimeout"] = ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Mle:Clustering:MissedProbesLimit"] = MissedProbesLimit.ToString(CultureInfo.InvariantCulture),
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = server.ConnectionString,
            ["Mle:Streams:Provider"] = "AzureQueue",
            ["Mle:Streams:ConnectionString"] = queues,
            ["Mle:Streams:QueueVisibilityTimeout"] = QueueVisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Mle:Artifacts:Root"] = Path.Combine(root.FullName, "artifacts"),
            ["Mle:Artifacts:Shared"] = "true",
            ["Mle:Security:BootstrapKey"] = key,
        };
        var silos = new List<SiloProcess>();
        QueueStreamClient? producer = null;
        try
        {
            var starting = Stopwatch.GetTimestamp();
            silos.AddRange(await Task.WhenAll(Enumerable.Range(1, 3).Select(n => SiloProcess.Start(Path.Combine(root.FullName, $"silo-{n}"), settings, StartTimeout))));
            output.WriteLine($"Three silos ready {Stopwatch.GetElapsedTime(starting).TotalSeconds:0.0} s after their start.");
            var (survivors, victim) = (silos.Take(2).ToList(), silos[2]);
            foreach (var silo in silos)
            {
                silo.Http.Timeout = RequestTimeout;
            }

            // Registered through every silo in turn, so registry grains are activated all over the cluster.
            for (var i = 0; i < Models; i++)
            {
                var http = silos[i % silos.Count].Http;
                await http.RegisterModel(ModelName(i), DistinctModels.Logistic(i));
                Assert.True((await http.SetAlias(ModelName(i), "champion", 1)).IsSuccessStatusCode);
            }
            await AssertEverythingThere(survivors, Models);
            // The kill must take registry grains with it, or it would test nothing: placement decides where they went.
            var onVictim = await ActivationsCreated(victim, ModelGrainType);
            output.WriteLine($"Model grains activated on the silo to be killed: {onVictim}.");
            Assert.True(onVictim > 0, "No model grain lives on the silo to be killed.");

            // Pipelines in two lifecycle states, and an endpoint: state the kill must not lose either.
            var pipelines = await PipelinesAcrossACrash.Prepare(silos);
            var pipelineActivationsOnVictim = await ActivationsCreated(victim, PipelineGrainType) + await ActivationsCreated(victim, PipelinePartitionGrainType);
            output.WriteLine($"Pipeline and pipeline partition grains activated on the silo to be killed: {pipelineActivationsOnVictim}.");
            Assert.True(pipelineActivationsOnVictim > 0, "No pipeline grain lives on the silo to be killed.");

            // Feature sets whose events streams an external producer writes to; consumers and entities spread over the silos.
            var sets = Enumerable.Range(0, FeatureSets).Select(i => $"crash-events-{i}").ToList();
            for (var i = 0; i < sets.Count; i++)
            {
                using var response = await silos[i % silos.Count].Http.PostJson("/api/v1/featuresets", EventSet(sets[i]));
                Assert.True(response.StatusCode == HttpStatusCode.Created, await response.Content.ReadAsStringAsync());
            }
            producer = await QueueStreamClient.Connect(silos, clusterId, queues, StartTimeout);
            var events = new FeatureEventLoad(producer.Streams, Tenant, sets, EntitiesPerSet);
            events.Start(Producers);

            // Steady load through the survivors; the victim's activations are reached through them.
            var (outcomes, stop, load) = SteadyLoad(survivors);
            await Eventually.Holds(() => Task.FromResult(outcomes.Count), c => c >= 100, StartTimeout, "100 requests before the kill");
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.What));
            // Events flow into every set before the kill: every stream's pulling agent and consumer is at work.
            await Eventually.Holds(() => AppliedPerSet(survivors[0].Http, events), applied => applied.All(a => a > 0), StartTimeout, "events applied in every feature set");
            var acknowledgedBeforeKill = events.Acknowledged;

            var killedAt = Stopwatch.GetTimestamp();
            await victim.Kill();
            var duplicatesAtKill = await Duplicates(survivors);
            await Eventually.Holds(() => Task.FromResult(Converged(outcomes, killedAt)), c => c, ConvergenceBound, "every request succeeding again");
            await stop.CancelAsync();
            await Task.WhenAll(load);
            stop.Dispose();
            await events.Stop();

            var afterKill = outcomes.Where(o => o.At >= killedAt).ToList();
            var failed = afterKill.Where(o => !o.Succeeded).ToList();
            var window = failed.Count == 0 ? TimeSpan.Zero : Stopwatch.GetElapsedTime(killedAt, failed.Max(o => o.At));
            output.WriteLine($"Failover window: {window.TotalSeconds:0.0} s from SIGKILL to the last failed request; " +
                $"{failed.Count} of {afterKill.Count} requests failed after the kill (probe timeout {ProbeTimeout.TotalSeconds:0} s x {MissedProbesLimit} missed probes).");
            foreach (var failure in failed.GroupBy(f => f.What).Take(5))
            {
                output.WriteLine($"  {failure.Count()} x {failure.Key}");
            }
            Assert.True(window < ConvergenceBound);

            // Nothing acknowledged before the kill is gone: every model, version and alias, scored right by each survivor,
            // every pipeline's versions, state and counters, the endpoint's spec.
            await AssertEverythingThere(survivors, Models);
            await pipelines.AssertThere(survivors);

            // Every acknowledged event applied exactly once: the victim's unfinished deliveries come back with the
            // queue's visibility timeout and land, its finished ones come back too and are dropped by their ids.
            try
            {
                await Eventually.Holds(async () => string.Join(Environment.NewLine, (await EventMismatches(survivors[0].Http, events)).Take(12)), m => m.Length == 0,
                    EventsBound, "every acknowledged event applied exactly once");
            }
            catch (TimeoutException)
            {
                survivors.ForEach(s => output.WriteLine($"Silo {s.Http.BaseAddress} logged:{Environment.NewLine}{s.RecentOutput}"));
                throw;
            }
            await Eventually.Holds(() => QueuedMessages(queues), queued => queued == 0, EventsBound, "the queues drained");
            var redelivered = await Duplicates(survivors) - duplicatesAtKill;

            // A producer that lost its answers sends acknowledged events again: every one is dropped, none counts twice.
            var resent = await events.Resend(DeliberateResends);
            await Eventually.Holds(() => Duplicates(survivors), d => d >= duplicatesAtKill + redelivered + resent, EventsBound, "the resent events dropped");
            await Eventually.Holds(() => QueuedMessages(queues), queued => queued == 0, EventsBound, "the queues drained again");
            var mismatches = await EventMismatches(survivors[^1].Http, events);
            Assert.True(mismatches.Count == 0, string.Join(Environment.NewLine, mismatches.Take(10)));
            var dropped = await Duplicates(survivors) - duplicatesAtKill - redelivered;
            output.WriteLine($"Stream events (Azure Queue, visibility timeout {QueueVisibilityTimeout.TotalSeconds:0} s): {events.Acknowledged} acknowledged " +
                $"({acknowledgedBeforeKill} before the kill), 0 lost, {redelivered} redelivered by the queue after the kill (the dead silo's unfinished messages, and batches whose " +
                $"visibility ran out) and dropped as duplicates; " +
                $"{resent} acknowledged events sent again by the producer, {dropped} duplicates dropped; {events.FailedSends} sends failed and were retried.");

            // The running pipeline processes new events with the version it ran; the paused one, resumed, every event it kept.
            output.WriteLine(await pipelines.AssertStillProcessing(survivors));

            // A fourth silo joins and new activations land on it.
            var joining = Stopwatch.GetTimestamp();
            var fourth = await SiloProcess.Start(Path.Combine(root.FullName, "silo-4"), settings, StartTimeout);
            silos.Add(fourth);
            var joined = Stopwatch.GetElapsedTime(joining);
            var created = Models;
            await Eventually.Holds(async () =>
            {
                var name = ModelName(created);
                await survivors[created % survivors.Count].Http.RegisterModel(name, DistinctModels.Logistic(created));
                created++;
                return await ActivationsCreated(fourth, ModelGrainType);
            }, activations => activations > 0, NewSiloBound, "a model grain activated on the fourth silo");
            var takingLoad = Stopwatch.GetElapsedTime(joining);
            output.WriteLine($"New silo: ready {joined.TotalSeconds:0.0} s after its start, first new activation {takingLoad.TotalSeconds:0.0} s after " +
                $"its start ({created - Models} new models registered through the other silos).");
            await AssertEverythingThere([.. survivors, fourth], Models);

            // SIGTERM: the fourth silo leaves gracefully under load; its grains move without a failed request.
            var (during, stopLeaving, leavingLoad) = SteadyLoad(survivors);
            await Eventually.Holds(() => Task.FromResult(during.Count), c => c >= 20, StartTimeout, "requests before the graceful stop");
            var leaving = Stopwatch.GetTimestamp();
            await fourth.Terminate();
            var exitCode = await fourth.WaitForExit(TimeSpan.FromSeconds(60));
            var left = Stopwatch.GetElapsedTime(leaving);
            await Eventually.Holds(() => Task.FromResult(during.Count(o => o.At > leaving + (long)(left.TotalSeconds * Stopwatch.Frequency))), c => c >= 50,
                StartTimeout, "requests after the graceful stop");
            await stopLeaving.CancelAsync();
            await Task.WhenAll(leavingLoad);
            stopLeaving.Dispose();
            var failedLeaving = during.Where(o => !o.Succeeded).ToList();
            output.WriteLine($"Graceful leave: exit code {exitCode} {left.TotalSeconds:0.0} s after SIGTERM; {failedLeaving.Count} of {during.Count} requests failed.");
            Assert.Equal(0, exitCode);
            Assert.True(failedLeaving.Count == 0, string.Join(Environment.NewLine, failedLeaving.Select(f => f.What).Distinct().Take(5)));
        }
        finally
        {
            if (producer is not null)
            {
                await producer.DisposeAsync();
            }
            foreach (var silo in silos)
            {
                await silo.DisposeAsync();
            }
            root.Delete(recursive: true);
        }
    }

    private static string ModelName(int i) => $"crash-model-{i}";

    /// <summary>Workers sending <see cref="Request"/>s round-robin through <paramref name="targets"/> until cancelled.</summary>
    private static (ConcurrentQueue<Outcome> Outcomes, CancellationTokenSource Stop, List<Task> Load) SteadyLoad(IReadOnlyList<SiloProcess> targets)
    {
        var outcomes = new ConcurrentQueue<Outcome>();
        var stop = new CancellationTokenSource();
        var sent = 0;
        var load = Enumerable.Range(0, Workers).Select(_ => Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                var n = Interlocked.Increment(ref sent);
                outcomes.Enqueue(await Request(targets[n % targets.Count].Http, n));
            }
        })).ToList();
        return (outcomes, stop, load);
    }

    /// <summary>Alternately a scoring request (by alias) and a registry read, of one of the models.</summary>
    private static async Task<Outcome> Request(HttpClient http, int n)
    {
        var model = ModelName(n % Models);
        var what = n % 2 == 0 ? $"score {model}" : $"read {model}";
        try
        {
            using var response = n % 2 == 0
                ? await http.PostJson($"/api/v1/models/{model}/versions/champion/score", DistinctModels.RowJson)
                : await http.GetAsync($"/api/v1/models/{model}");
            return new Outcome(Stopwatch.GetTimestamp(), response.IsSuccessStatusCode, $"{what}: {(int)response.StatusCode}");
        }
        catch (HttpRequestException e)
        {
            return new Outcome(Stopwatch.GetTimestamp(), false, $"{what}: {e.Message}");
        }
        catch (TaskCanceledException)
        {
            return new Outcome(Stopwatch.GetTimestamp(), false, $"{what}: no answer within {RequestTimeout.TotalSeconds:0} s");
        }
    }

    private static bool Converged(IEnumerable<Outcome> outcomes, long killedAt)
    {
        var now = Stopwatch.GetTimestamp();
        if (Stopwatch.GetElapsedTime(killedAt, now) < MinimumObservation)
        {
            return false;
        }
        var recent = outcomes.Where(o => Stopwatch.GetElapsedTime(o.At, now) <= QuietPeriod).ToList();
        var lastFailure = outcomes.Where(o => !o.Succeeded).Select(o => o.At).DefaultIfEmpty(0).Max();
        return recent.Count > 0 && (lastFailure == 0 || Stopwatch.GetElapsedTime(lastFailure, now) > QuietPeriod);
    }

    private static async Task AssertEverythingThere(IEnumerable<SiloProcess> silos, int models)
    {
        foreach (var silo in silos)
        {
            for (var i = 0; i < models; i++)
            {
                var model = await (await silo.Http.GetAsync($"/api/v1/models/{ModelName(i)}")).Json();
                Assert.Equal(1, (int?)model["aliases"]?["champion"]);
                var version = await (await silo.Http.GetAsync($"/api/v1/models/{ModelName(i)}/versions/1")).Json();
                Assert.Equal("Ready", (string?)version["status"]);
                using var scored = await silo.Http.PostJson($"/api/v1/models/{ModelName(i)}/versions/champion/score", DistinctModels.RowJson);
                var body = await scored.Content.ReadAsStringAsync();
                Assert.True(scored.StatusCode == HttpStatusCode.OK, $"{ModelName(i)} through {silo.Http.BaseAddress}: {(int)scored.StatusCode} {body}");
                Assert.Equal(DistinctModels.ExpectedProbability(i), (double)JsonNode.Parse(body)!["predictions"]![0]!["probability"]!, 5);
            }
        }
    }

    /// <summary>A feature set of one float, with its count and sum over an hour: an entity's count and sum say which events it applied.</summary>
    private static string EventSet(string name) => $$"""
        {"name": "{{name}}", "entityKey": "id", "features": [{"name": "amount", "type": "float"}],
         "aggregates": [{"name": "amount_count", "feature": "amount", "function": "count", "window": "1h", "hop": "1m"},
                        {"name": "amount_sum", "feature": "amount", "function": "sum", "window": "1h", "hop": "1m"}],
         "maxAge": "1d", "allowedLateness": "30m"}
        """;

    /// <summary>Per feature set, how many events its entities have applied.</summary>
    private static async Task<long[]> AppliedPerSet(HttpClient http, FeatureEventLoad events)
    {
        var applied = new long[events.Sets.Count];
        for (var i = 0; i < applied.Length; i++)
        {
            var lookup = await http.LookedUp(events.Sets[i], [.. events.Entities], ["amount_count"]);
            applied[i] = lookup["results"]!.AsArray().Sum(r => (long?)r!["values"]![0] ?? 0);
        }
        return applied;
    }

    /// <summary>Every entity whose count or sum differs from what was acknowledged for it (a lost or a doubly applied event).</summary>
    private static async Task<IReadOnlyList<string>> EventMismatches(HttpClient http, FeatureEventLoad events)
    {
        var mismatches = new List<string>();
        foreach (var set in events.Sets)
        {
            string[] entities = [.. events.Entities];
            using var response = await http.Lookup(set, entities, ["amount_count", "amount_sum"]);
            if (!response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStringAsync();
                mismatches.Add($"{set}: lookup {(int)response.StatusCode} {body[..Math.Min(body.Length, 400)]}");
                continue;
            }
            var results = (await response.Json())["results"]!.AsArray();
            for (var i = 0; i < entities.Length; i++)
            {
                var values = results[i]!["values"]!;
                var (count, sum) = ((long?)values[0] ?? 0, (double?)values[1] ?? 0);
                var expected = events.Expected(set, entities[i]);
                if (count != expected.Count || sum != expected.Sum)
                {
                    mismatches.Add($"{set}/{entities[i]}: {count} events (sum {sum}), acknowledged {expected.Count} (sum {expected.Sum})");
                }
            }
        }
        return mismatches;
    }

    /// <summary>Messages in every queue of the account, invisible ones (read, not yet deleted) included.</summary>
    private static async Task<long> QueuedMessages(string connectionString)
    {
        var service = new QueueServiceClient(connectionString);
        long queued = 0;
        await foreach (var queue in service.GetQueuesAsync())
        {
            queued += (await service.GetQueueClient(queue.Name).GetPropertiesAsync()).Value.ApproximateMessagesCount;
        }
        return queued;
    }

    /// <summary>Events the silos dropped because their id was already applied.</summary>
    private static async Task<long> Duplicates(IEnumerable<SiloProcess> silos)
    {
        long duplicates = 0;
        foreach (var silo in silos)
        {
            duplicates += await CounterTotal(silo, "mle_features_events_duplicate_total");
        }
        return duplicates;
    }

    /// <summary>The sum of a counter over its labels, from the silo's Prometheus scrape.</summary>
    private static async Task<long> CounterTotal(SiloProcess silo, string name)
    {
        var scrape = await silo.Http.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith(name + "{", StringComparison.Ordinal) || line.StartsWith(name + " ", StringComparison.Ordinal))
            .Sum(line => (long)double.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }

    /// <summary>Activations of <paramref name="grainType"/> the silo has created, from its Prometheus scrape.</summary>
    private static async Task<long> ActivationsCreated(SiloProcess silo, string grainType)
    {
        var scrape = await silo.Http.GetStringAsync("/metrics");
        return scrape.Split('\n')
            .Where(line => line.StartsWith("orleans_catalog_activation_created_total{", StringComparison.Ordinal)
                && line.Contains($"grain_type=\"{grainType}\"", StringComparison.Ordinal))
            .Sum(line => long.Parse(line[(line.LastIndexOf(' ') + 1)..], CultureInfo.InvariantCulture));
    }
}
