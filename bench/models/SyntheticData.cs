using System.Globalization;

namespace Mle.Bench.Models;

/// <summary>
/// Deterministic synthetic data: the same seed always yields the same rows, so every run trains the
/// same models and scores the same requests. Labels follow a noisy non-linear rule over the numeric
/// features and per-category effects, so trees have real structure to learn.
/// </summary>
public sealed class SyntheticData(int seed)
{
    private static readonly string[][] Vocabularies =
    [
        Enumerable.Range(0, 6).Select(i => $"region-{i}").ToArray(),
        ["web", "mobile", "branch", "partner", "phone"],
        Enumerable.Range(0, 12).Select(i => $"product-{i}").ToArray(),
        ["ios", "android", "windows", "mac", "linux", "other"],
        Enumerable.Range(0, 40).Select(i => $"segment-{i}").ToArray(),
    ];

    private readonly Random _random = new(seed);

    public IEnumerable<RiskExample> RiskExamples(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var row = new RiskExample();
            FillRisk(row);
            row.Label = Logistic(RiskLogit(row) + Gaussian()) > 0.5;
            yield return row;
        }
    }

    /// <summary>Unlabelled rows for scoring requests.</summary>
    public IEnumerable<RiskInput> RiskInputs(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var row = new RiskInput();
            FillRisk(row);
            yield return row;
        }
    }

    /// <summary>A merchant table: ids that look like real ones (so they do not compress away) and their risk.</summary>
    public MerchantTable Merchants(int count)
    {
        var ids = new string[count];
        var risks = new float[count];
        for (var i = 0; i < count; i++)
        {
            ids[i] = string.Create(CultureInfo.InvariantCulture, $"m{i:x6}{_random.Next():x8}");
            risks[i] = (float)Gaussian();
        }
        return new MerchantTable(ids, risks);
    }

    public IEnumerable<MerchantRiskExample> MerchantRiskExamples(int count, MerchantTable merchants)
    {
        for (var i = 0; i < count; i++)
        {
            var row = new MerchantRiskExample();
            FillRisk(row);
            var merchant = _random.Next(merchants.Ids.Length);
            row.Merchant = merchants.Ids[merchant];
            row.Label = Logistic(RiskLogit(row) + merchants.Risks[merchant] + Gaussian()) > 0.5;
            yield return row;
        }
    }

    public IEnumerable<MerchantRiskInput> MerchantRiskInputs(int count, MerchantTable merchants)
    {
        for (var i = 0; i < count; i++)
        {
            var row = new MerchantRiskInput();
            FillRisk(row);
            row.Merchant = merchants.Ids[_random.Next(merchants.Ids.Length)];
            yield return row;
        }
    }

    public IEnumerable<TinyExample> TinyExamples(int count)
    {
        for (var i = 0; i < count; i++)
        {
            var row = new TinyExample { X = (float)Gaussian(), Y = (float)Gaussian() };
            row.Label = Logistic((1.5 * row.X) - (0.8 * row.Y) + (0.5 * Gaussian())) > 0.5;
            yield return row;
        }
    }

    public IEnumerable<TinyInput> TinyInputs(int count)
    {
        for (var i = 0; i < count; i++)
        {
            yield return new TinyInput { X = (float)Gaussian(), Y = (float)Gaussian() };
        }
    }

    private void FillRisk(RiskInput row)
    {
        for (var f = 0; f < RiskInput.NumericCount; f++)
        {
            row.Numeric[f] = (float)Gaussian();
        }
        row.Region = Pick(0);
        row.Channel = Pick(1);
        row.Product = Pick(2);
        row.Device = Pick(3);
        row.Segment = Pick(4);
    }

    private static double RiskLogit(RiskInput row)
    {
        var x = row.Numeric;
        var logit = (0.9 * x[0]) - (0.7 * x[1]) + (0.5 * x[2] * x[3]) + (Math.Abs(x[4]) > 1.2 ? 0.8 : -0.2)
            + (0.3 * Math.Sin(3 * x[5])) + (0.2 * x[6] * x[6]) - (0.4 * Math.Max(0, x[7]));
        for (var f = 8; f < RiskInput.NumericCount; f++)
        {
            logit += 0.05 * x[f];
        }
        logit += CategoryEffect(row.Region) + CategoryEffect(row.Product) + (0.5 * CategoryEffect(row.Segment));
        return logit + (row.Channel == "partner" ? 0.6 : 0) + (row.Device == "other" ? -0.5 : 0);
    }

    // A stable pseudo-random effect per category value, independent of string hashing randomization.
    private static double CategoryEffect(string value)
    {
        var hash = 17;
        foreach (var c in value)
        {
            hash = unchecked((hash * 31) + c);
        }
        return ((hash & 0xFF) / 255.0) - 0.5;
    }

    private string Pick(int vocabulary) => Vocabularies[vocabulary][_random.Next(Vocabularies[vocabulary].Length)];

    private static double Logistic(double x) => 1 / (1 + Math.Exp(-x));

    // Box-Muller: two uniforms make one standard normal value.
    private double Gaussian() =>
        Math.Sqrt(-2 * Math.Log(1 - _random.NextDouble())) * Math.Cos(2 * Math.PI * _random.NextDouble());
}
