using System.Collections.Concurrent;
using System.Globalization;
using System.Security.Cryptography;
using Mle.Data;

namespace Mle.Endpoints;

/// <summary>
/// The predictions a silo remembers for feedback, and online accuracy per variant from the labels that join them.
/// The join key is the response's request id and the row's index in it, or the entity key (its latest prediction).
/// Bounded: at most <c>capacity</c> rows are remembered, the oldest forgotten first; a label for a forgotten (or
/// another silo's) prediction is unmatched. The predicted label of a row is its <c>PredictedLabel</c>, else its score
/// (<c>Probability</c>, <c>Score</c> or the first number output) compared with 0.5 for a bool label.
/// </summary>
/// <remarks>
/// Every scored request passes through here, so remembering must cost about nothing: rows go to a ring of reused slots
/// numbered by one counter, and the log issues the request id itself (its own random prefix and the request's first
/// row number), so a label finds its row by arithmetic, not by a lookup table. A table keyed by request id took every
/// one of its locks to count itself on each request (a third of an endpoint request's CPU) and kept a few small
/// objects per row alive until they were forgotten, which made the garbage collector copy them out of the young
/// generation.
/// </remarks>
public sealed class FeedbackLog
{
    private static readonly object True = true;
    private static readonly object False = false;

    private readonly int _capacity;
    private readonly EndpointMetrics _metrics;
    private readonly Slot?[] _slots;
    private readonly ulong _prefix = BitConverter.ToUInt64(RandomNumberGenerator.GetBytes(sizeof(ulong)));
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint, string Entity), long> _entities = new();
    private long _next;
    private int _entityCount;
    private int _pruning;

    public FeedbackLog(int capacity, EndpointMetrics metrics)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(capacity, 1);
        _capacity = capacity;
        _metrics = metrics;
        _slots = new Slot?[capacity];
    }

    /// <summary>How many rows are remembered.</summary>
    public int Count => (int)Math.Min(Volatile.Read(ref _next), _capacity);

    /// <summary>How many entities' latest rows are indexed (those of forgotten rows are dropped now and then).</summary>
    public int Entities => Volatile.Read(ref _entityCount);

    /// <summary>Remembers every row of <paramref name="score"/>; returns the request id that labels for them name.</summary>
    public string Remember(EndpointScore score)
    {
        var endpoint = score.Endpoint;
        var first = Interlocked.Add(ref _next, score.RowCount) - score.RowCount;
        // Rows share their outputs (one table per model version and path): each table's columns are found once, not
        // once per row.
        ColumnBatch? seen = null;
        Column? predicted = null;
        Column? scored = null;
        for (var row = 0; row < score.RowCount; row++)
        {
            var (outputs, at) = score.Prediction(row);
            if (!ReferenceEquals(outputs, seen))
            {
                seen = outputs;
                predicted = outputs.Find("PredictedLabel") is { Width: 1 } column ? column : null;
                scored = EndpointMetrics.ScoreColumn(outputs);
            }
            var sequence = first + row;
            var slot = SlotOf(sequence);
            lock (slot)
            {
                // A writer a whole ring ahead (a request larger than the log) has the newer row: it stays.
                if (slot.Sequence < sequence)
                {
                    slot.Sequence = sequence;
                    slot.First = first;
                    slot.Tenant = endpoint.Tenant;
                    slot.Endpoint = endpoint.Name;
                    slot.Variants = score.Routes[row].Variants;
                    slot.Label = predicted is null ? null : Label(predicted, at);
                    slot.Score = scored is null ? null : ColumnRows.Number(scored, at);
                }
            }
            if (score.EntityKeys[row] is { } entity)
            {
                RememberEntity((endpoint.Tenant, endpoint.Name, entity), sequence);
            }
        }
        return RequestId(first);
    }

    /// <summary>Credits each label to the variants its prediction went through; returns how many matched a remembered prediction.</summary>
    public (int Matched, int Unmatched) Apply(CompiledEndpoint endpoint, IReadOnlyList<FeedbackLabel> labels)
    {
        var matched = 0;
        foreach (var label in labels)
        {
            long? first = label.RequestId is { } id ? FirstRowOf(id) : null;
            long? sequence = first is { } f ? f + label.Row
                : label.Entity is { } entity && _entities.TryGetValue((endpoint.Tenant, endpoint.Name, entity), out var latest) ? latest
                : null;
            if (sequence is not { } s || Recall(s, first, endpoint) is not { } remembered)
            {
                continue;
            }
            matched++;
            var correct = Correct(remembered.Label, remembered.Score, label.Label);
            foreach (var (owner, variant) in remembered.Variants)
            {
                _metrics.Stats(endpoint.Tenant, owner, variant).RecordFeedback(correct);
            }
        }
        return (matched, labels.Count - matched);
    }

    private Slot SlotOf(long sequence)
    {
        var index = (int)(sequence % _capacity);
        return Volatile.Read(ref _slots[index]) ?? Interlocked.CompareExchange(ref _slots[index], new Slot(), null) ?? _slots[index]!;
    }

    /// <summary>The row numbered <paramref name="sequence"/> if it is still remembered, of this endpoint (and of the request starting at <paramref name="first"/>).</summary>
    private (IReadOnlyList<(string Endpoint, VariantKey Key)> Variants, object? Label, double? Score)? Recall(long sequence, long? first, CompiledEndpoint endpoint)
    {
        if (sequence < 0 || sequence >= Volatile.Read(ref _next) || Volatile.Read(ref _slots[(int)(sequence % _capacity)]) is not { } slot)
        {
            return null;
        }
        lock (slot)
        {
            var ours = slot.Sequence == sequence && (first is null || slot.First == first) && slot.Tenant == endpoint.Tenant && slot.Endpoint == endpoint.Name;
            return ours ? (slot.Variants, slot.Label, slot.Score) : null;
        }
    }

    private void RememberEntity((string, string, string) key, long sequence)
    {
        if (_entities.TryAdd(key, sequence))
        {
            if (Interlocked.Increment(ref _entityCount) > 2 * _capacity)
            {
                ForgetEntities();
            }
            return;
        }
        _entities[key] = sequence;
    }

    /// <summary>
    /// Drops entities whose latest row is forgotten, by one caller at a time and only once the table has doubled past
    /// the capacity: the sweep costs the table's size, paid once per that many new entities.
    /// </summary>
    private void ForgetEntities()
    {
        if (Interlocked.CompareExchange(ref _pruning, 1, 0) != 0)
        {
            return;
        }
        try
        {
            var oldest = Volatile.Read(ref _next) - _capacity;
            foreach (var (key, sequence) in _entities)
            {
                if (sequence < oldest)
                {
                    _entities.TryRemove(KeyValuePair.Create(key, sequence));
                }
            }
            Volatile.Write(ref _entityCount, _entities.Count);
        }
        finally
        {
            Volatile.Write(ref _pruning, 0);
        }
    }

    /// <summary>32 hex digits, like a GUID's: this log's prefix, then the request's first row number.</summary>
    private string RequestId(long first) => string.Create(32, (_prefix, first), static (chars, id) =>
    {
        id._prefix.TryFormat(chars, out _, "x16", CultureInfo.InvariantCulture);
        ((ulong)id.first).TryFormat(chars[16..], out _, "x16", CultureInfo.InvariantCulture);
    });

    /// <summary>The first row number of a request id this log issued, or null (another silo's, or not an id at all).</summary>
    private long? FirstRowOf(string requestId) =>
        requestId.Length == 32
        && ulong.TryParse(requestId.AsSpan(0, 16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var prefix) && prefix == _prefix
        && long.TryParse(requestId.AsSpan(16), NumberStyles.AllowHexSpecifier, CultureInfo.InvariantCulture, out var first) && first >= 0
            ? first
            : null;

    // A bool label is kept as one of two shared boxes: a box per remembered row would be an object kept alive per row.
    private static object? Label(Column column, int row) => column is Column<bool> flags
        ? flags.Values[row] ? True : False
        : ColumnRows.Value(column, row);

    private static bool Correct(object? predicted, double? score, object label) => (label, predicted, score) switch
    {
        (bool truth, bool p, _) => truth == p,
        (bool truth, _, double s) => truth == (s >= 0.5),
        (string truth, string p, _) => truth == p,
        (string truth, bool p, _) => string.Equals(truth, p ? "true" : "false", StringComparison.OrdinalIgnoreCase),
        (double truth, double p, _) => truth == p,
        (double truth, bool p, _) => truth == (p ? 1 : 0),
        (double truth, _, double s) => truth == s,
        _ => false,
    };

    /// <summary>One remembered row, reused for the row a whole ring later; read and written under its own lock.</summary>
    private sealed class Slot
    {
        public long Sequence = -1;
        public long First;
        public string Tenant = "";
        public string Endpoint = "";
        public IReadOnlyList<(string Endpoint, VariantKey Key)> Variants = [];
        public object? Label;
        public double? Score;
    }
}
