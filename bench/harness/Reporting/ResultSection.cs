namespace Mle.Bench.Reporting;

/// <summary>A group of rows that share a baseline, e.g. in-process scoring against raw ML.NET.</summary>
public sealed record ResultSection(string Title, string Baseline, string Method, IReadOnlyList<ResultRow> Rows);
