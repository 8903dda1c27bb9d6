namespace Mle.Pipelines;

/// <summary>
/// Which partition an event of a pipeline goes to: by its entity (by its id when it names none), with a hash that every
/// silo and every process computes alike (string.GetHashCode differs per process), so one entity's events stay in
/// order in one partition whichever silo receives them.
/// </summary>
public static class PipelinePartitions
{
    /// <summary>
    /// Whether pushes to <paramref name="definition"/> go by entity: when it has a keyed step (featurize, enrich, a
    /// feature set sink), whose entity grains should see one entity's events in the order they were pushed, or when
    /// <paramref name="always"/> (<see cref="PipelinesOptions.OrderEveryPipelineByEntity"/>).
    /// </summary>
    public static bool ByEntity(PipelineDefinition definition, bool always) =>
        always || definition.Steps.Any(s => s is FeaturizeStep or EnrichStep or SinkStep { To: SinkStep.ToFeatureSet });

    public static int Of(string key, int partitions)
    {
        // FNV-1a over the UTF-16 code units.
        var hash = 2166136261u;
        foreach (var c in key)
        {
            hash = (hash ^ c) * 16777619u;
        }
        return (int)(hash % (uint)partitions);
    }
}
