namespace Mle.Endpoints;

/// <summary>
/// One variant's or node's numbers on one silo: calls, rows, errors, a latency histogram, the distribution of its
/// score (count, mean, standard deviation, min, max of its first number output) and, from feedback, its online
/// accuracy. Fixed size whatever the traffic. Thread-safe.
/// </summary>
public sealed class VariantStats
{
    /// <summary>Upper bounds of the latency histogram's buckets, in milliseconds; the last bucket is everything above.</summary>
    public static IReadOnlyList<double> LatencyBoundsMs => VariantSnapshot.LatencyBoundsMs;

    private readonly Lock _gate = new();
    private readonly long[] _latency = new long[LatencyBoundsMs.Count + 1];
    private long _calls;
    private long _rows;
    private long _errors;
    private long _scores;
    private double _mean;
    private double _m2;
    private double _min = double.PositiveInfinity;
    private double _max = double.NegativeInfinity;
    private long _labeled;
    private long _correct;

    public void RecordCall(int rows, bool failed, double latencyMs, ReadOnlySpan<double> scores)
    {
        var bucket = Bucket(latencyMs);
        lock (_gate)
        {
            Count(rows, failed, bucket);
            foreach (var score in scores)
            {
                Add(score);
            }
        }
    }

    /// <summary>A call whose scores are the rows of a number column of width 1 (<see cref="EndpointMetrics.ScoreColumn"/>), or none.</summary>
    public void RecordCall(int rows, bool failed, double latencyMs, Data.Column? scores)
    {
        var bucket = Bucket(latencyMs);
        lock (_gate)
        {
            Count(rows, failed, bucket);
            for (var row = 0; scores is not null && row < scores.RowCount; row++)
            {
                Add(ColumnRows.Number(scores, row));
            }
        }
    }

    private static int Bucket(double latencyMs)
    {
        var bucket = 0;
        while (bucket < LatencyBoundsMs.Count && latencyMs > LatencyBoundsMs[bucket])
        {
            bucket++;
        }
        return bucket;
    }

    private void Count(int rows, bool failed, int bucket)
    {
        _calls++;
        _rows += rows;
        _errors += failed ? 1 : 0;
        _latency[bucket]++;
    }

    private void Add(double score)
    {
        if (!double.IsFinite(score))
        {
            return;
        }
        // Welford's update: a running mean and variance without keeping the scores.
        _scores++;
        var delta = score - _mean;
        _mean += delta / _scores;
        _m2 += delta * (score - _mean);
        _min = Math.Min(_min, score);
        _max = Math.Max(_max, score);
    }

    public void RecordFeedback(bool correct)
    {
        lock (_gate)
        {
            _labeled++;
            _correct += correct ? 1 : 0;
        }
    }

    public VariantSnapshot Snapshot()
    {
        lock (_gate)
        {
            return new VariantSnapshot(_calls, _rows, _errors, [.. _latency],
                _scores, _scores == 0 ? null : _mean, _scores < 2 ? null : Math.Sqrt(_m2 / (_scores - 1)),
                _scores == 0 ? null : _min, _scores == 0 ? null : _max,
                _labeled, _labeled == 0 ? null : (double)_correct / _labeled);
        }
    }
}
