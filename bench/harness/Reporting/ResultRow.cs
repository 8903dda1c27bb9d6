namespace Mle.Bench.Reporting;

/// <summary>One line of the results: the platform beside its baseline, measured in the same run.</summary>
/// <param name="Section">The case, e.g. "In-process scoring"; its baseline is named by <see cref="ResultSection"/>.</param>
/// <param name="Case">What was measured, e.g. "risk, batch 100".</param>
/// <param name="Unit">The unit of both values.</param>
/// <param name="Platform">The platform's value.</param>
/// <param name="Baseline">The baseline's value.</param>
/// <param name="Better">Whether lower or higher values are better.</param>
public sealed record ResultRow(string Section, string Case, string Unit, Measurement Platform, Measurement Baseline, Better Better)
{
    /// <summary>Platform divided by baseline, when both were measured.</summary>
    public double? Ratio => Platform.Value is { } p && Baseline.Value is { } b && b != 0 ? p / b : null;

    /// <summary>Why a value is missing, for the notes column.</summary>
    public string Note => string.Join("; ", new[] { Platform.Unavailable is { } p ? $"platform: {p}" : null, Baseline.Unavailable is { } b ? $"baseline: {b}" : null }.OfType<string>());
}
