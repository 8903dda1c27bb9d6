using System.Globalization;

namespace Mle.Bench.Models;

/// <summary>
/// Everything that determines a trained benchmark model. Two equal specs train byte-for-byte comparable
/// models, so the spec names the cached file and a changed spec retrains.
/// </summary>
/// <param name="Name">The model's name in reports and in the platform's registry.</param>
/// <param name="Shape">Its input.</param>
/// <param name="Trees">LightGBM boosting iterations (risk shape only); with <paramref name="Leaves"/> it sets the artifact size.</param>
/// <param name="Leaves">Leaves per tree (risk shape only).</param>
/// <param name="TrainingRows">Rows of synthetic training data.</param>
/// <param name="Seed">Seeds the data generator and the trainer.</param>
/// <param name="Merchants">Entries in the merchant lookup table (<see cref="ModelShape.MerchantRisk"/> only).</param>
public sealed record ModelSpec(string Name, ModelShape Shape, int Trees, int Leaves, int TrainingRows, int Seed, int Merchants = 0)
{
    public string FileName => string.Create(
        CultureInfo.InvariantCulture,
        $"{Name}-{Shape.ToString().ToLowerInvariant()}-t{Trees}-l{Leaves}-r{TrainingRows}-m{Merchants}-s{Seed}.zip");
}
