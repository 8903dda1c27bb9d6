namespace Mle.Bench.Servers;

/// <summary>Reads values from a silo's Prometheus scrape (<c>/metrics</c>).</summary>
public static class SiloMetrics
{
    /// <summary>
    /// The sum of every sample of the metric <paramref name="name"/> (all its label sets; not the samples of longer
    /// names that start with it), or null when the scrape has none.
    /// </summary>
    public static double? Sum(string scrape, string name)
    {
        double? sum = null;
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(name, StringComparison.Ordinal) || line.Length == name.Length || line[name.Length] is not ('{' or ' '))
            {
                continue;
            }
            // A sample is "name{labels} value [timestamp]"; label values may hold spaces, so read after the labels.
            var afterLabels = line[name.Length] == '{' ? line.IndexOf("} ", name.Length, StringComparison.Ordinal) + 2 : name.Length + 1;
            var value = line[afterLabels..].Trim().Split(' ')[0];
            sum = (sum ?? 0) + double.Parse(value, CultureInfo.InvariantCulture);
        }
        return sum;
    }

    /// <summary>The live managed heap after the last collection, in bytes: heap size less fragmentation.</summary>
    public static double? LiveManagedBytes(string scrape) =>
        Sum(scrape, "dotnet_gc_last_collection_heap_size_bytes") is { } size
            ? size - (Sum(scrape, "dotnet_gc_last_collection_heap_fragmentation_size_bytes") ?? 0)
            : null;
}
