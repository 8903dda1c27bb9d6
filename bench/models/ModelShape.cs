namespace Mle.Bench.Models;

/// <summary>Which input the model takes and what it is made of.</summary>
public enum ModelShape
{
    /// <summary><see cref="RiskInput"/> into one-hot encoding and LightGBM trees.</summary>
    Risk,

    /// <summary><see cref="TinyInput"/> into logistic regression.</summary>
    Tiny,

    /// <summary>
    /// <see cref="MerchantRiskInput"/>: the risk model plus a merchant risk lookup table (a target-encoding
    /// table, common in fraud models). The table's size sets the artifact's size at almost no training cost,
    /// which growing trees to 50 MB would not (minutes of LightGBM on two cores).
    /// </summary>
    MerchantRisk,
}
