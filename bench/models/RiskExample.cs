namespace Mle.Bench.Models;

/// <summary>A labelled <see cref="RiskInput"/> for training; the label is not part of the served schema.</summary>
public sealed class RiskExample : RiskInput
{
    public bool Label { get; set; }
}
