using Mle.Features;

namespace Mle.Pipelines.Execution;

/// <summary>
/// A record on its way through a pipeline: the event it came from (kept as pushed, for dead letters and outputs),
/// its position in the batch (what a join matches on: ids need not be unique), and its fields, the event's values plus
/// what the steps so far added. A step that adds fields makes a new record; the fields of one are never changed.
/// </summary>
public sealed record PipelineRecord(FeatureEvent Event, int Index, IReadOnlyDictionary<string, object?> Fields)
{
    public string Id => Event.Id;

    public DateTimeOffset Time => Event.Time;

    public static PipelineRecord Of(FeatureEvent e, int index) => new(e, index, EventFields.Of(e));

    /// <summary>This record with <paramref name="added"/> set on top of its fields.</summary>
    public PipelineRecord With(IEnumerable<KeyValuePair<string, object?>> added)
    {
        var fields = new Dictionary<string, object?>(Fields, StringComparer.Ordinal);
        foreach (var (name, value) in added)
        {
            fields[name] = value;
        }
        return this with { Fields = fields };
    }
}
