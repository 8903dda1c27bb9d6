namespace Mle.Bench.Servers;

/// <summary>
/// What a silo's memory consists of at one moment, so that a growth can be attributed: the resident set split as the
/// kernel accounts it (anonymous memory, mapped files), the garbage collector's committed memory and its heap by
/// generation after the last collection, the JIT's compiled code, threads, and the grain activations by type.
/// Read from <c>/proc/PID/status</c> and the silo's own <c>/metrics</c>.
/// </summary>
public sealed record SiloMemory(
    double ResidentBytes,
    double AnonymousBytes,
    double FileBytes,
    int Threads,
    double GcCommittedBytes,
    IReadOnlyDictionary<string, double> HeapBytes,
    double FragmentedBytes,
    double CompiledIlBytes,
    double Activations,
    IReadOnlyDictionary<string, double> GrainsByType)
{
    private const double Mebibyte = 1024 * 1024;

    /// <summary>The live managed heap after the last collection: heap size less fragmentation.</summary>
    public double LiveManagedBytes => HeapBytes.Values.Sum() - FragmentedBytes;

    /// <summary>Resident memory the garbage collector does not account for: native allocations, code, stacks, mapped files.</summary>
    public double OutsideGcBytes => ResidentBytes - GcCommittedBytes;

    public static async Task<SiloMemory> Read(ServerProcess silo, HttpClient client)
    {
        var status = (await File.ReadAllLinesAsync($"/proc/{silo.ProcessId}/status"))
            .Select(l => l.Split(':', 2))
            .Where(p => p.Length == 2)
            .ToDictionary(p => p[0], p => p[1].Trim(), StringComparer.Ordinal);
        double Kilobytes(string field) => status.TryGetValue(field, out var value)
            ? double.Parse(value.Split(' ')[0], CultureInfo.InvariantCulture) * 1024
            : double.NaN;
        var scrape = await client.GetStringAsync("metrics");
        return new SiloMemory(
            Kilobytes("VmRSS"),
            Kilobytes("RssAnon"),
            Kilobytes("RssFile") + Kilobytes("RssShmem"),
            int.Parse(status.GetValueOrDefault("Threads", "0"), CultureInfo.InvariantCulture),
            SiloMetrics.Sum(scrape, "dotnet_gc_last_collection_memory_committed_size_bytes") ?? double.NaN,
            ByLabel(scrape, "dotnet_gc_last_collection_heap_size_bytes", "gc_heap_generation"),
            SiloMetrics.Sum(scrape, "dotnet_gc_last_collection_heap_fragmentation_size_bytes") ?? double.NaN,
            SiloMetrics.Sum(scrape, "dotnet_jit_compiled_il_size_bytes_total") ?? SiloMetrics.Sum(scrape, "dotnet_jit_compiled_il_size_bytes") ?? double.NaN,
            SiloMetrics.Sum(scrape, "orleans_catalog_activations") ?? double.NaN,
            ByLabel(scrape, "orleans_grains", "type"));
    }

    /// <summary>One line per part, of this reading less <paramref name="before"/>, in MiB (grains in activations).</summary>
    public string Growth(SiloMemory before)
    {
        string Mib(double after, double earlier) => ((after - earlier) / Mebibyte).ToString("+0.0;-0.0", CultureInfo.InvariantCulture);
        var heap = string.Join(", ", HeapBytes.Keys.Union(before.HeapBytes.Keys).Order(StringComparer.Ordinal)
            .Select(g => $"{g} {Mib(HeapBytes.GetValueOrDefault(g), before.HeapBytes.GetValueOrDefault(g))}"));
        var grains = string.Join(", ", GrainsByType.Keys.Union(before.GrainsByType.Keys).Order(StringComparer.Ordinal)
            .Select(t => (Type: t, Added: GrainsByType.GetValueOrDefault(t) - before.GrainsByType.GetValueOrDefault(t)))
            .Where(t => t.Added != 0)
            .Select(t => string.Create(CultureInfo.InvariantCulture, $"{t.Type.Split('.', ',')[^1]} {t.Added:+0;-0}")));
        return string.Create(CultureInfo.InvariantCulture,
            $"resident {Mib(ResidentBytes, before.ResidentBytes)} MiB (anonymous {Mib(AnonymousBytes, before.AnonymousBytes)}, files {Mib(FileBytes, before.FileBytes)}); "
            + $"GC committed {Mib(GcCommittedBytes, before.GcCommittedBytes)} (now {GcCommittedBytes / Mebibyte:0.0}); outside the GC {Mib(OutsideGcBytes, before.OutsideGcBytes)}; "
            + $"live managed {Mib(LiveManagedBytes, before.LiveManagedBytes)}; heap by generation: {heap}; fragmentation {Mib(FragmentedBytes, before.FragmentedBytes)}; "
            + $"JIT-compiled IL {Mib(CompiledIlBytes, before.CompiledIlBytes)}; threads {Threads - before.Threads:+0;-0} (now {Threads}); "
            + $"activations {Activations - before.Activations:+0;-0} (now {Activations:0}): {grains}");
    }

    private static Dictionary<string, double> ByLabel(string scrape, string name, string label)
    {
        var values = new Dictionary<string, double>(StringComparer.Ordinal);
        var prefix = name + "{";
        foreach (var line in scrape.Split('\n'))
        {
            if (!line.StartsWith(prefix, StringComparison.Ordinal))
            {
                continue;
            }
            var labels = line[prefix.Length..line.IndexOf("} ", StringComparison.Ordinal)];
            var start = labels.IndexOf(label + "=\"", StringComparison.Ordinal);
            if (start < 0)
            {
                continue;
            }
            start += label.Length + 2;
            var key = labels[start..labels.IndexOf('"', start)];
            var value = double.Parse(line[(line.IndexOf("} ", StringComparison.Ordinal) + 2)..].Trim().Split(' ')[0], CultureInfo.InvariantCulture);
            values[key] = values.GetValueOrDefault(key) + value;
        }
        return values;
    }
}
