namespace Mle.Pipelines;

/// <summary>
/// Which partition an event of a pipeline goes to: by its entity (by its id when it names none), with a hash that every
/// silo and every process computes alike (string.GetHashCode differs per process), so one entity's events stay in
/// order in one partition whichever silo receives them.
/// </summary>
public static class PipelinePartitions
{
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
