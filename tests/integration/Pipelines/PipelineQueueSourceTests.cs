using System.Collections.Concurrent;
using System.Globalization;
using System.Text.Json.Nodes;
using Mle.Features;
using Mle.Security;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;
using Xunit.Abstractions;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// Issue 9 on a real cluster: two silo processes on Redis (membership, grain state) whose <c>mle</c> streams are Azure
/// Queues (Azurite), a pipeline whose source is a stream namespace, and an external producer writing events onto it
/// while a silo dies (SIGKILL) and comes back, or leaves cleanly (SIGTERM). Both silos process the pipeline's events
/// (its status counts them per silo), and every event the producer had acknowledged reaches the webhook sink at least
/// once (deduplicated by event id) with the right output.
/// </summary>
[Collection(SiloProcesses.Name)]
public sealed class PipelineQueueSourceTests(RedisFixture redis, AzuriteFixture azurite, ITestOutputHelper output)
    : IClassFixture<RedisFixture>, IClassFixture<AzuriteFixture>
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan EventsBound = TimeSpan.FromSeconds(180);
    private static readonly TimeSpan QueueVisibilityTimeout = TimeSpan.FromSeconds(10);
    private const int Keys = 4;
    private const int EventsPerBatch = 10;
    private const int FirstEvents = 200;
    private const int MoreEvents = 100;

    [SkippableFact]
    public async Task Every_acknowledged_event_reaches_the_sink_when_a_silo_is_killed_and_restarted_mid_stream()
    {
        await using var run = await Cluster.Start(redis.Server.ConnectionString, azurite.Server.ConnectionString);
        var (survivor, victim) = (run.Silos[0], run.Silos[1]);
        await using var producer = await run.Produce();

        await producer.Send(FirstEvents, EventsBound);
        await BothSilosProcess(run, survivor);
        await victim.Kill();
        await producer.Send(MoreEvents, EventsBound);
        run.Silos[1] = await SiloProcess.Start(run.DataDirectory(1), run.Settings, StartTimeout);
        await producer.Send(MoreEvents, EventsBound);
        await producer.Stop();

        await AllDelivered(run, producer);
        var status = await survivor.Http.Status(run.Pipeline);
        Assert.Equal("Running", (string?)status["state"]);
        output.WriteLine($"Killed and restarted: {producer.Acknowledged.Count} events acknowledged, {run.Receiver.Records.Count} records delivered " +
            $"({run.Receiver.Records.Count - producer.Acknowledged.Count} redelivered), {producer.Failed} sends failed; per silo: {status["silos"]!.ToJsonString()}");
    }

    [SkippableFact]
    public async Task A_silo_leaving_cleanly_while_events_flow_leaves_the_pipeline_running_on_the_other_with_none_lost()
    {
        await using var run = await Cluster.Start(redis.Server.ConnectionString, azurite.Server.ConnectionString);
        var (staying, leaving) = (run.Silos[0], run.Silos[1]);
        await using var producer = await run.Produce();

        await producer.Send(FirstEvents, EventsBound);
        await BothSilosProcess(run, staying);
        await leaving.Terminate();
        await producer.Send(MoreEvents, EventsBound);
        Assert.Equal(0, await leaving.WaitForExit(TimeSpan.FromSeconds(60)));
        var before = Processed(await staying.Http.Status(run.Pipeline));
        await producer.Send(MoreEvents, EventsBound);
        await producer.Stop();

        await AllDelivered(run, producer);
        var status = await staying.Http.Status(run.Pipeline);
        Assert.Equal("Running", (string?)status["state"]);
        // Processing went on after the leave: some silo still in the cluster counted more events than before it.
        Assert.True(Processed(status).Sum(s => s.Value) > before.Sum(s => s.Value), status["silos"]!.ToJsonString());
        output.WriteLine($"Clean leave: {producer.Acknowledged.Count} events acknowledged, {run.Receiver.Records.Count} records delivered; per silo: {status["silos"]!.ToJsonString()}");
    }

    /// <summary>Waits until both silos have processed events of the pipeline, as its status shows.</summary>
    private static async Task BothSilosProcess(Cluster run, SiloProcess silo) =>
        await Eventually.Holds(async () => Processed(await silo.Http.Status(run.Pipeline)), p => p.Count >= 2 && p.Values.All(n => n > 0),
            EventsBound, "both silos processing the pipeline's events");

    private static Dictionary<string, long> Processed(JsonObject status) =>
        status["silos"]!.AsArray().ToDictionary(s => (string)s!["silo"]!, s => (long)s!["processed"]!);

    /// <summary>Every acknowledged event delivered at least once, each with the map step's output.</summary>
    private async Task AllDelivered(Cluster run, Producer producer)
    {
        try
        {
            await Eventually.Holds(() => Task.FromResult(producer.Acknowledged.Keys.Except(run.Receiver.Records.Select(r => (string)r["id"]!)).Count()),
                missing => missing == 0, EventsBound, "every acknowledged event delivered");
        }
        catch (TimeoutException)
        {
            output.WriteLine($"{producer.Acknowledged.Count} acknowledged, {run.Receiver.Records.Count} records delivered.");
            foreach (var silo in run.Silos.Where(s => !s.HasExited))
            {
                output.WriteLine($"Silo {silo.Http.BaseAddress}: {(await silo.Http.Status(run.Pipeline)).ToJsonString()}{Environment.NewLine}{silo.RecentOutput}");
            }
            throw;
        }
        foreach (var record in run.Receiver.Records)
        {
            var id = (string)record["id"]!;
            var fields = record["fields"]!;
            Assert.Equal(2 * (double)fields["X1"]!, (double)fields["Y"]!);
            if (producer.Acknowledged.TryGetValue(id, out var x1))
            {
                Assert.Equal(x1, (double)fields["X1"]!);
            }
        }
    }

    /// <summary>Two silo processes, a webhook receiver and a deployed pipeline reading a source namespace.</summary>
    private sealed class Cluster : IAsyncDisposable
    {
        private readonly DirectoryInfo _root = Directory.CreateTempSubdirectory("mle-pipeline-queue-");

        public List<SiloProcess> Silos { get; } = [];

        public Dictionary<string, string> Settings { get; } = [];

        public WebhookReceiver Receiver { get; private set; } = null!;

        public string Pipeline { get; } = RestCalls.UniqueName("queued");

        public string Namespace { get; } = "input." + RestCalls.UniqueName("txn");

        public string ClusterId { get; } = "pipeq-" + Guid.NewGuid().ToString("N")[..8];

        public string Queues { get; private set; } = "";

        public string DataDirectory(int silo) => Path.Combine(_root.FullName, $"silo-{silo}");

        public static async Task<Cluster> Start(string redis, string queues)
        {
            var run = new Cluster { Queues = queues };
            try
            {
                foreach (var (key, value) in new Dictionary<string, string>
                {
                    ["Mle:Clustering:Provider"] = "Redis",
                    ["Mle:Clustering:ConnectionString"] = redis,
                    ["Mle:Clustering:ClusterId"] = run.ClusterId,
                    ["Mle:Clustering:AdvertisedAddress"] = "127.0.0.1",
                    ["Mle:Clustering:ProbeTimeout"] = "00:00:01",
                    ["Mle:Clustering:MissedProbesLimit"] = "2",
                    ["Mle:Storage:Provider"] = "Redis",
                    ["Mle:Storage:ConnectionString"] = redis,
                    ["Mle:Streams:Provider"] = "AzureQueue",
                    ["Mle:Streams:ConnectionString"] = queues,
                    ["Mle:Streams:QueueVisibilityTimeout"] = QueueVisibilityTimeout.ToString("c", CultureInfo.InvariantCulture),
                    ["Mle:Artifacts:Root"] = Path.Combine(run._root.FullName, "artifacts"),
                    ["Mle:Artifacts:Shared"] = "true",
                    ["Mle:Security:BootstrapKey"] = ApiKeyToken.Generate().ToString(),
                    // 32 partitions over 2 silos: all on one has a chance of 2 in 2^32.
                    ["Mle:Pipelines:Partitions"] = "32",
                    ["Mle:Pipelines:WebhookBackoff"] = "00:00:00.100",
                    ["Mle:Pipelines:CountersSaveInterval"] = "00:00:01",
                })
                {
                    run.Settings[key] = value;
                }
                run.Silos.AddRange(await Task.WhenAll(Enumerable.Range(0, 2).Select(n => SiloProcess.Start(run.DataDirectory(n), run.Settings, StartTimeout))));
                run.Receiver = await WebhookReceiver.StartAsync();
                await run.Silos[0].Http.CreatePipeline($$$"""
                    {"name": "{{{run.Pipeline}}}", "source": {"type": "stream", "namespace": "{{{run.Namespace}}}", "schema": {"X1": "number"}},
                     "steps": [{"name": "double", "type": "map", "set": {"Y": "X1 * 2"}},
                               {"name": "out", "type": "sink", "to": "webhook", "url": "{{{run.Receiver.Url}}}"}]}
                    """);
                await run.Silos[0].Http.Command(run.Pipeline, "deploy");
                return run;
            }
            catch
            {
                await run.DisposeAsync();
                throw;
            }
        }

        /// <summary>An external producer writing batches of events onto the source namespace until stopped.</summary>
        public async Task<Producer> Produce() =>
            new(await QueueStreamClient.Connect(Silos, ClusterId, Queues, StartTimeout), Namespace);

        public async ValueTask DisposeAsync()
        {
            foreach (var silo in Silos)
            {
                await silo.DisposeAsync();
            }
            if (Receiver is not null)
            {
                await Receiver.DisposeAsync();
            }
            _root.Delete(recursive: true);
        }
    }

    /// <summary>Writes batches onto the source streams of <see cref="Keys"/> keys, one at a time; an event is acknowledged once its batch is in the queue.</summary>
    private sealed class Producer : IAsyncDisposable
    {
        private readonly QueueStreamClient _client;
        private readonly CancellationTokenSource _stop = new();
        private readonly Task _load;

        public Producer(QueueStreamClient client, string streamNamespace)
        {
            _client = client;
            _load = Task.Run(() => Run(streamNamespace));
        }

        public ConcurrentDictionary<string, double> Acknowledged { get; } = new(StringComparer.Ordinal);

        public int Failed { get; private set; }

        private int _target;

        /// <summary>Produces <paramref name="events"/> more events and waits until they are acknowledged.</summary>
        public async Task Send(int events, TimeSpan timeout)
        {
            var target = Interlocked.Add(ref _target, events);
            await Eventually.Holds(() => Task.FromResult(Acknowledged.Count), c => c >= target, timeout, $"{events} more events acknowledged");
        }

        public async Task Stop()
        {
            await _stop.CancelAsync();
            await _load;
        }

        private async Task Run(string streamNamespace)
        {
            var sent = 0;
            while (!_stop.IsCancellationRequested)
            {
                if (Acknowledged.Count >= Volatile.Read(ref _target))
                {
                    // Idle until asked for more: a bounded number of events, whatever the silos' start-up takes.
                    await Task.Delay(TimeSpan.FromMilliseconds(20));
                    continue;
                }
                var key = $"default/p{sent / EventsPerBatch % Keys}";
                var batch = Enumerable.Range(sent, EventsPerBatch)
                    .Select(i => new FeatureEvent($"q{i}", $"k{i % 64}", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["X1"] = i }))
                    .ToList();
                sent += EventsPerBatch;
                try
                {
                    await _client.Streams.GetStream<FeatureEvent>(StreamId.Create(streamNamespace, key)).OnNextBatchAsync(batch).WaitAsync(TimeSpan.FromSeconds(10));
                    foreach (var e in batch)
                    {
                        Acknowledged[e.Id] = Convert.ToDouble(e.Values["X1"].ToObject(), CultureInfo.InvariantCulture);
                    }
                }
                catch (Exception) when (!_stop.IsCancellationRequested)
                {
                    // Not acknowledged (the silo it went through died): such events may or may not arrive; they are not checked.
                    Failed++;
                }
                await Task.Delay(TimeSpan.FromMilliseconds(20));
            }
        }

        public async ValueTask DisposeAsync()
        {
            if (!_stop.IsCancellationRequested)
            {
                await Stop();
            }
            _stop.Dispose();
            await _client.DisposeAsync();
        }
    }
}
