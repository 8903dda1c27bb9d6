using Microsoft.ML.Data;
using Mle.Data;

namespace Mle.Tests.Unit.Scoring.Trees;

/// <summary>
/// A row of the tree models' test data: numeric features (some NaN), two text columns one-hot encoded, and a
/// feature that is constant in training, so no split ever reads it.
/// </summary>
public sealed class TreeRow
{
    public const int NumericWidth = 6;

    private static readonly string[] Regions = ["north", "south", "east", "west", "centre"];
    private static readonly string[] Channels = ["web", "app", "shop"];

    [VectorType(NumericWidth)]
    public float[] Numeric { get; set; } = [];

    public string Region { get; set; } = "";

    public string Channel { get; set; } = "";

    public float Unused { get; set; }

    public bool Label { get; set; }

    public float Target { get; set; }

    /// <param name="count">Rows.</param>
    /// <param name="seed">The random seed.</param>
    /// <param name="training">Training rows keep <see cref="Unused"/> at 0; scoring rows give it any value, NaN too.</param>
    /// <param name="missingRate">The share of numeric values that are NaN.</param>
    public static List<TreeRow> Generate(int count, int seed, bool training, double missingRate = 0.05)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ =>
        {
            var numeric = Enumerable.Range(0, NumericWidth).Select(_ => (float)(random.NextDouble() * 4 - 2)).ToArray();
            var region = random.Next(Regions.Length + 1);
            var channel = random.Next(Channels.Length);
            var signal = numeric[0] + (numeric[1] * numeric[2]) + (region == 2 ? 1.5f : 0) - (channel == 1 ? 1f : 0) + (float)(random.NextDouble() - 0.5);
            for (var i = 0; i < numeric.Length; i++)
            {
                if (random.NextDouble() < missingRate)
                {
                    numeric[i] = float.NaN;
                }
            }
            return new TreeRow
            {
                Numeric = numeric,
                // One value beyond the known ones: at scoring, a category the model never saw.
                Region = region < Regions.Length ? Regions[region] : training ? Regions[0] : "atlantis",
                Channel = Channels[channel],
                Unused = training ? 0 : random.Next(4) switch { 0 => float.NaN, 1 => 1e6f, _ => (float)random.NextDouble() },
                Label = signal > 0.3f,
                Target = signal,
            };
        })];
    }

    public static ColumnBatch ToBatch(IReadOnlyList<TreeRow> rows) => new(rows.Count,
    [
        Column.Create(nameof(Numeric), NumericWidth, rows.SelectMany(r => r.Numeric).ToArray()),
        Column.Create(nameof(Region), 1, rows.Select(r => r.Region).ToArray()),
        Column.Create(nameof(Channel), 1, rows.Select(r => r.Channel).ToArray()),
        Column.Create(nameof(Unused), 1, rows.Select(r => r.Unused).ToArray()),
    ]);
}
