namespace Mle.Bench.Models;

/// <summary>The cold-load models' input: <see cref="RiskInput"/> plus a merchant id looked up in the model's table.</summary>
public class MerchantRiskInput : RiskInput
{
    public string Merchant { get; set; } = "";
}
