using System.Collections.Concurrent;
using Mle.Data;

namespace Mle.Endpoints;

/// <summary>
/// The predictions a silo remembers for feedback, and online accuracy per variant from the labels that join them.
/// The join key is the response's request id and the row's index in it, or the entity key (its latest prediction).
/// Bounded: at most <c>capacity</c> rows are remembered, the oldest forgotten first; a label for a forgotten (or
/// another silo's) prediction is unmatched. The predicted label of a row is its <c>PredictedLabel</c>, else its score
/// (<c>Probability</c>, <c>Score</c> or the first number output) compared with 0.5 for a bool label.
/// </summary>
public sealed class FeedbackLog(int capacity, EndpointMetrics metrics)
{
    private readonly ConcurrentDictionary<(string RequestId, int Row), Remembered> _rows = new();
    private readonly ConcurrentDictionary<(string Tenant, string Endpoint, string Entity), (string RequestId, int Row)> _entities = new();
    private readonly ConcurrentQueue<(string RequestId, int Row)> _order = new();

    public int Count => _rows.Count;

    public void Remember(string requestId, EndpointScore score)
    {
        var endpoint = score.Endpoint;
        // Rows share their outputs (one table per model version and path): each table's scores are read once, not
        // once per row, which would make a large request quadratic.
        ColumnBatch? seen = null;
        Column? predicted = null;
        double[] scores = [];
        for (var row = 0; row < score.RowCount; row++)
        {
            var (outputs, at) = score.Prediction(row);
            if (!ReferenceEquals(outputs, seen))
            {
                seen = outputs;
                predicted = outputs.Find("PredictedLabel") is { Width: 1 } column ? column : null;
                scores = EndpointMetrics.Scores(outputs);
            }
            var label = predicted is null ? null : ColumnRows.Value(predicted, at);
            var remembered = new Remembered(endpoint.Tenant, endpoint.Name, score.Routes[row].Variants, label, scores.Length > 0 ? scores[at] : null);
            _rows[(requestId, row)] = remembered;
            _order.Enqueue((requestId, row));
            if (score.EntityKeys[row] is { } entity)
            {
                _entities[(endpoint.Tenant, endpoint.Name, entity)] = (requestId, row);
            }
        }
        while (_rows.Count > capacity && _order.TryDequeue(out var oldest))
        {
            _rows.TryRemove(oldest, out _);
        }
        if (_entities.Count > capacity)
        {
            foreach (var stale in _entities.Where(e => !_rows.ContainsKey(e.Value)).Select(e => e.Key).ToList())
            {
                _entities.TryRemove(stale, out _);
            }
        }
    }

    /// <summary>Credits each label to the variants its prediction went through; returns how many matched a remembered prediction.</summary>
    public (int Matched, int Unmatched) Apply(CompiledEndpoint endpoint, IReadOnlyList<FeedbackLabel> labels)
    {
        var matched = 0;
        foreach (var label in labels)
        {
            (string, int)? key = label.RequestId is { } id ? (id, label.Row)
                : label.Entity is { } entity && _entities.TryGetValue((endpoint.Tenant, endpoint.Name, entity), out var latest) ? latest
                : null;
            if (key is null || !_rows.TryGetValue(key.Value, out var remembered) || remembered.Tenant != endpoint.Tenant || remembered.Endpoint != endpoint.Name)
            {
                continue;
            }
            matched++;
            var correct = Correct(remembered, label.Label);
            foreach (var (owner, variant) in remembered.Variants)
            {
                metrics.Stats(endpoint.Tenant, owner, variant).RecordFeedback(correct);
            }
        }
        return (matched, labels.Count - matched);
    }

    private static bool Correct(Remembered prediction, object label) => (label, prediction.Label, prediction.Score) switch
    {
        (bool truth, bool predicted, _) => truth == predicted,
        (bool truth, _, double score) => truth == (score >= 0.5),
        (string truth, string predicted, _) => truth == predicted,
        (string truth, bool predicted, _) => string.Equals(truth, predicted ? "true" : "false", StringComparison.OrdinalIgnoreCase),
        (double truth, double predicted, _) => truth == predicted,
        (double truth, bool predicted, _) => truth == (predicted ? 1 : 0),
        (double truth, _, double score) => truth == score,
        _ => false,
    };

    private sealed record Remembered(string Tenant, string Endpoint, IReadOnlyList<(string Endpoint, VariantKey Key)> Variants, object? Label, double? Score);
}
