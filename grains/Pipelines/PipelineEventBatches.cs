namespace Mle.Pipelines;

/// <summary>
/// Joins the batches of one delivery of a partition's input into as few as the per-call bound allows: consecutive
/// batches, in order, while their events add up to at most the bound (a batch larger than the bound stays whole: a
/// push is never split). Batches of a stream source stay apart from pushed ones: only pushed ones were admitted, and a
/// joined batch takes all its events off the in-flight count or none.
/// </summary>
public static class PipelineEventBatches
{
    public static IReadOnlyList<PipelineEventBatch> Coalesce(IEnumerable<PipelineEventBatch> batches, int maxEvents)
    {
        var joined = new List<PipelineEventBatch>();
        List<Features.FeatureEvent>? events = null;
        PipelineEventBatch? first = null;
        foreach (var batch in batches)
        {
            if (first is not null && (first.FromSource != batch.FromSource || events!.Count + batch.Events.Count > maxEvents))
            {
                joined.Add(Join(first, events!));
                first = null;
            }
            if (first is null)
            {
                first = batch;
                events = [.. batch.Events];
                continue;
            }
            events!.AddRange(batch.Events);
        }
        if (first is not null)
        {
            joined.Add(Join(first, events!));
        }
        return joined;
    }

    private static PipelineEventBatch Join(PipelineEventBatch first, List<Features.FeatureEvent> events) =>
        events.Count == first.Events.Count ? first : first with { Events = events };
}
