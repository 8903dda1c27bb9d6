namespace Mle.Bench.Models;

/// <summary>A labelled <see cref="MerchantRiskInput"/> for training.</summary>
public sealed class MerchantRiskExample : MerchantRiskInput
{
    public bool Label { get; set; }
}
