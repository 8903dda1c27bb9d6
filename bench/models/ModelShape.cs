namespace Orleans.Mle.Bench.Models;

/// <summary>Which input the model takes: the realistic <see cref="RiskInput"/> or the two-feature <see cref="TinyInput"/>.</summary>
public enum ModelShape
{
    Risk,
    Tiny,
}
