namespace Mle.Bench.Models;

/// <summary>The models every benchmark case uses, all trained by the harness from fixed seeds.</summary>
public static class BenchmarkModels
{
    private const int Seed = 20240611;

    /// <summary>The realistic case: a LightGBM binary classifier over 30 numeric and 5 one-hot categorical features.</summary>
    public static readonly ModelSpec Risk = new("risk", ModelShape.Risk, Trees: 300, Leaves: 31, TrainingRows: 20_000, Seed);

    /// <summary>The overhead-dominated case: logistic regression over two features.</summary>
    public static readonly ModelSpec Tiny = new("tiny", ModelShape.Tiny, Trees: 0, Leaves: 0, TrainingRows: 2_000, Seed);

    /// <summary>The risk model with a small merchant table: an artifact of about 1 MB, for the cold-load case.</summary>
    public static readonly ModelSpec ColdSmall = Risk with { Name = "cold-1mb", Shape = ModelShape.MerchantRisk, Merchants = 65_000 };

    /// <summary>The risk model with a large merchant table: an artifact of about 50 MB, for the cold-load case.</summary>
    public static readonly ModelSpec ColdLarge = Risk with { Name = "cold-50mb", Shape = ModelShape.MerchantRisk, Merchants = 3_900_000 };

    /// <summary>
    /// The <paramref name="index"/>-th member of a fleet of tiny models, each trained on its own data, so
    /// that every registered version is a distinct artifact (a content-addressed store would share equal bytes).
    /// </summary>
    public static ModelSpec TinyVariant(int index) => Tiny with { Name = $"fleet-{index}", TrainingRows = 500, Seed = Seed + 1 + index };
}
