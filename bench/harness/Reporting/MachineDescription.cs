using System.Runtime.InteropServices;

namespace Mle.Bench.Reporting;

/// <summary>The machine a run was measured on; numbers mean little without it.</summary>
public sealed record MachineDescription(string Cpu, int Cores, string Memory, string Os, string Runtime, string LoadAverage, DateTimeOffset Date)
{
    public static MachineDescription Current() => new(
        Cpu: ProcField("/proc/cpuinfo", "model name") ?? RuntimeInformation.ProcessArchitecture.ToString(),
        Cores: Environment.ProcessorCount,
        Memory: string.Create(CultureInfo.InvariantCulture, $"{GC.GetGCMemoryInfo().TotalAvailableMemoryBytes / (1024.0 * 1024 * 1024):0.0} GiB"),
        Os: RuntimeInformation.OSDescription,
        Runtime: RuntimeInformation.FrameworkDescription,
        LoadAverage: ReadFirstLine("/proc/loadavg") ?? "unknown",
        Date: DateTimeOffset.UtcNow);

    private static string? ProcField(string path, string field) =>
        File.Exists(path)
            ? File.ReadLines(path).Where(l => l.StartsWith(field, StringComparison.Ordinal)).Select(l => l[(l.IndexOf(':') + 1)..].Trim()).FirstOrDefault()
            : null;

    private static string? ReadFirstLine(string path) => File.Exists(path) ? File.ReadLines(path).FirstOrDefault() : null;
}
