namespace Mle.Bench.Models;

/// <summary>Merchant ids and each merchant's risk, the lookup table inside the cold-load models.</summary>
public sealed record MerchantTable(string[] Ids, float[] Risks);
