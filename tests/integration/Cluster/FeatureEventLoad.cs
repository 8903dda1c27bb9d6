using System.Collections.Concurrent;
using System.Diagnostics;
using Mle.Features;
using Mle.Streams;
using Orleans.Streams;

namespace Mle.Tests.Integration.Cluster;

/// <summary>
/// Producers pushing feature events onto the <c>events/{tenant}/{set}</c> streams of several feature sets, round
/// robin over each set's entities, until stopped. Event <c>n</c> has the id <c>ev-n</c> and the amount <c>n</c>, so
/// an entity's count and sum of amounts say exactly which events were applied, and how many times.
/// <para>
/// An event is acknowledged when <c>OnNextAsync</c> returned. A send that threw is sent again with the same id until
/// acknowledged (an at-least-once producer), even after <see cref="Stop"/>: an event the queue may hold is never
/// left out of the expected totals. <see cref="Resend"/> sends acknowledged events once more, as a producer that lost
/// the answers to its sends retries them: the consumers must drop every one.
/// </para>
/// </summary>
internal sealed class FeatureEventLoad
{
    private static readonly TimeSpan RetryPause = TimeSpan.FromMilliseconds(200);
    // A queue that refuses an event for this long is down, not failing over: the test fails instead of waiting on.
    private static readonly TimeSpan SendTimeout = TimeSpan.FromSeconds(60);
    private readonly IStreamProvider _streams;
    private readonly string _tenant;
    private readonly IReadOnlyList<string> _sets;
    private readonly int _entities;
    private readonly ConcurrentDictionary<(string Set, string Entity), (long Count, double Sum)> _acknowledged = new();
    private readonly ConcurrentQueue<(IAsyncStream<FeatureEvent> Stream, FeatureEvent Event)> _sentOnce = new();
    private readonly CancellationTokenSource _stop = new();
    private readonly List<Task> _producers = [];
    private long _sent;
    private long _acknowledgedCount;
    private long _failedSends;

    public FeatureEventLoad(IStreamProvider streams, string tenant, IReadOnlyList<string> sets, int entities)
    {
        (_streams, _tenant, _sets, _entities) = (streams, tenant, sets, entities);
    }

    /// <summary>Events acknowledged, each counted once.</summary>
    public long Acknowledged => Interlocked.Read(ref _acknowledgedCount);

    /// <summary>Sends that threw (each retried until acknowledged).</summary>
    public long FailedSends => Interlocked.Read(ref _failedSends);

    public IReadOnlyList<string> Sets => _sets;

    public IEnumerable<string> Entities => Enumerable.Range(0, _entities).Select(Entity);

    /// <summary>What each entity must show once everything acknowledged is applied exactly once: the count and the sum of amounts.</summary>
    public (long Count, double Sum) Expected(string set, string entity) =>
        _acknowledged.TryGetValue((set, entity), out var totals) ? totals : (0, 0);

    public void Start(int producers)
    {
        for (var p = 0; p < producers; p++)
        {
            _producers.Add(Task.Run(Produce));
        }
    }

    /// <summary>Stops sending new events; returns once every event in flight is acknowledged.</summary>
    public async Task Stop()
    {
        await _stop.CancelAsync();
        await Task.WhenAll(_producers);
        _stop.Dispose();
    }

    private async Task Produce()
    {
        while (!_stop.IsCancellationRequested)
        {
            var n = Interlocked.Increment(ref _sent);
            var set = _sets[(int)(n % _sets.Count)];
            var entity = Entity((int)(n / _sets.Count % _entities));
            var e = new FeatureEvent($"ev-{n}", entity, DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["amount"] = (double)n });
            var stream = _streams.GetStream<FeatureEvent>(StreamId.Create(StreamNames.Events, $"{_tenant}/{set}"));
            await SendUntilAcknowledged(stream, e);
            _acknowledged.AddOrUpdate((set, entity), (1, n), (_, totals) => (totals.Count + 1, totals.Sum + n));
            _sentOnce.Enqueue((stream, e));
            Interlocked.Increment(ref _acknowledgedCount);
        }
    }

    /// <summary>Sends the first <paramref name="count"/> acknowledged events again, same ids; returns how many it sent.</summary>
    public async Task<int> Resend(int count)
    {
        var again = _sentOnce.Take(count).ToList();
        foreach (var (stream, e) in again)
        {
            await SendUntilAcknowledged(stream, e);
        }
        return again.Count;
    }

    private async Task SendUntilAcknowledged(IAsyncStream<FeatureEvent> stream, FeatureEvent e)
    {
        var started = Stopwatch.GetTimestamp();
        while (true)
        {
            try
            {
                await stream.OnNextAsync(e);
                return;
            }
            catch (Exception) when (Stopwatch.GetElapsedTime(started) < SendTimeout)
            {
                // Not acknowledged: maybe in the queue, maybe not; the same id again is harmless either way.
                Interlocked.Increment(ref _failedSends);
                await Task.Delay(RetryPause);
            }
        }
    }

    private static string Entity(int i) => $"e{i}";
}
