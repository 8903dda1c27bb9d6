using Mle.Features;

namespace Mle.Pipelines;

/// <summary>
/// How the pushes of a pipeline go onto its partitions. <see cref="ByEvent"/> puts each event on its own partition
/// (by entity: one entity's events stay in order, what keyed steps need); without it a group of pushes goes whole onto
/// one partition, the next group onto the next one, so a small push is one stream message instead of one per partition
/// its entities fall in, and the partitions still share the load.
/// </summary>
public readonly record struct PushRouting(int Partitions, Func<FeatureEvent, int>? ByEvent)
{
    /// <summary>Each event by its entity (by its id when it names none): see <see cref="PipelinePartitions"/>.</summary>
    public static PushRouting ByEntity(int partitions) =>
        new(partitions, e => PipelinePartitions.Of(string.IsNullOrEmpty(e.Entity) ? e.Id : e.Entity, partitions));

    /// <summary>Each group of pushes whole onto one partition, in turn.</summary>
    public static PushRouting Whole(int partitions) => new(partitions, null);
}
