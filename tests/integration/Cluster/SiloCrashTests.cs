using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Text.Json.Nodes;
using Mle.Security;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Durability;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// Three real silo processes on Redis (membership, grain state, reminders) with one shared artifact folder, under a
/// steady load of scoring and registry reads through two of them; the third is killed with SIGKILL. Requests may
/// fail while the cluster has not yet voted the dead silo out; after that every request succeeds again, every model
/// and alias is still there, and a fourth silo joins and takes new activations. The numbers are printed (README).
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class SiloCrashTests(RedisFixture redis, ITestOutputHelper output) : IClassFixture<RedisFixture>
{
    private const int Models = 9;
    private const int Workers = 4;
    private const string ModelGrainType = "model";
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

    private sealed record Outcome(long At, bool Succeeded, string What);

    [SkippableFact]
    public async Task After_a_SIGKILL_requests_succeed_once_membership_converges_nothing_is_lost_and_a_fourth_silo_takes_new_activations()
    {
        var server = redis.Server;
        var root = Directory.CreateTempSubdirectory("mle-silo-crash-");
        var key = ApiKeyToken.Generate().ToString();
        var settings = new Dictionary<string, string>
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = server.ConnectionString,
            ["Mle:Clustering:ClusterId"] = "crash-" + Guid.NewGuid().ToString("N")[..8],
            ["Mle:Clustering:AdvertisedAddress"] = "127.0.0.1",
            ["Mle:Clustering:ProbeTimeout"] = ProbeTimeout.ToString("c", CultureInfo.InvariantCulture),
            ["Mle:Clustering:MissedProbesLimit"] = MissedProbesLimit.ToString(CultureInfo.InvariantCulture),
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = server.ConnectionString,
            ["Mle:Artifacts:Root"] = Path.Combine(root.FullName, "artifacts"),
            ["Mle:Artifacts:Shared"] = "true",
            ["Mle:Security:BootstrapKey"] = key,
        };
        var silos = new List<SiloProcess>();
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

            // Steady load through the survivors; the victim's activations are reached through them.
            var (outcomes, stop, load) = SteadyLoad(survivors);
            await Eventually.Holds(() => Task.FromResult(outcomes.Count), c => c >= 100, StartTimeout, "100 requests before the kill");
            Assert.All(outcomes, o => Assert.True(o.Succeeded, o.What));

            var killedAt = Stopwatch.GetTimestamp();
            await victim.Kill();
            await Eventually.Holds(() => Task.FromResult(Converged(outcomes, killedAt)), c => c, ConvergenceBound, "every request succeeding again");
            await stop.CancelAsync();
            await Task.WhenAll(load);
            stop.Dispose();

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

            // Nothing acknowledged before the kill is gone: every model, version and alias, scored right by each survivor.
            await AssertEverythingThere(survivors, Models);

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
