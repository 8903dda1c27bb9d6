using System.Text;

namespace Mle.Bench.Reporting;

/// <summary>Writes <c>results.md</c> (a table per section, with the machine) and <c>results.csv</c>.</summary>
public static class ResultsWriter
{
    public static void Write(string directory, MachineDescription machine, string mode, TimeSpan elapsed, IReadOnlyList<ResultSection> sections)
    {
        File.WriteAllText(Path.Combine(directory, "results.md"), Markdown(machine, mode, elapsed, sections));
        File.WriteAllText(Path.Combine(directory, "results.csv"), Csv(sections));
    }

    public static string Markdown(MachineDescription machine, string mode, TimeSpan elapsed, IReadOnlyList<ResultSection> sections)
    {
        var md = new StringBuilder();
        md.AppendLine("# Mle benchmark results").AppendLine();
        md.AppendLine(Invariant($"Measured {machine.Date:yyyy-MM-dd HH:mm} UTC, {mode} mode, {elapsed.TotalMinutes:0.0} minutes."));
        md.AppendLine().AppendLine("| machine | |").AppendLine("|---|---|");
        md.AppendLine($"| CPU | {machine.Cpu} |").AppendLine(Invariant($"| cores | {machine.Cores} |"));
        md.AppendLine($"| memory | {machine.Memory} |").AppendLine($"| OS | {machine.Os} |");
        md.AppendLine($"| .NET | {machine.Runtime} |").AppendLine($"| load average at start | {machine.LoadAverage} |");
        md.AppendLine().AppendLine("Ratio is platform / baseline; each row says whether lower or higher is better.");
        foreach (var section in sections)
        {
            md.AppendLine().AppendLine($"## {section.Title}").AppendLine();
            md.AppendLine($"Baseline: {section.Baseline}. {section.Method}").AppendLine();
            md.AppendLine("| case | unit | platform | baseline | ratio | better | notes |").AppendLine("|---|---|---:|---:|---:|---|---|");
            foreach (var row in section.Rows)
            {
                md.AppendLine($"| {row.Case} | {row.Unit} | {row.Platform.Format()} | {row.Baseline.Format()} | {FormatRatio(row.Ratio)} | {row.Better.ToString().ToLowerInvariant()} | {row.Note.Replace("|", "/", StringComparison.Ordinal)} |");
            }
        }
        return md.ToString();
    }

    public static string Csv(IReadOnlyList<ResultSection> sections)
    {
        var csv = new StringBuilder("section,case,unit,platform,baseline,ratio,better,note\n");
        foreach (var row in sections.SelectMany(s => s.Rows))
        {
            csv.AppendLine(string.Join(',', Quote(row.Section), Quote(row.Case), Quote(row.Unit), Number(row.Platform.Value), Number(row.Baseline.Value),
                Number(row.Ratio), row.Better.ToString().ToLowerInvariant(), Quote(row.Note)));
        }
        return csv.ToString();
    }

    private static string FormatRatio(double? ratio) => ratio is { } r ? Invariant($"{r:0.00}x") : "n/a";

    private static string Number(double? value) => value?.ToString("R", CultureInfo.InvariantCulture) ?? "";

    private static string Quote(string text) => $"\"{text.Replace("\"", "\"\"", StringComparison.Ordinal)}\"";

    private static string Invariant(FormattableString text) => text.ToString(CultureInfo.InvariantCulture);
}
