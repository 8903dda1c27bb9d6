namespace Mle.Bench.Reporting;

/// <summary>Which direction of a metric is good, so a reader knows how to read the ratio.</summary>
public enum Better
{
    Lower,
    Higher,
}
