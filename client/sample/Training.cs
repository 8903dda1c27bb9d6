using Microsoft.ML;

namespace Mle.Sample;

/// <summary>Trains the sample's model: a logistic regression on two features, reproducible by its fixed seed.</summary>
internal static class Training
{
    public const int RowCount = 500;
    private const int Seed = 42;

    public static byte[] TrainClassifier()
    {
        var ml = new MLContext(Seed);
        var random = new Random(Seed);
        var rows = Enumerable.Range(0, RowCount).Select(_ =>
        {
            var x1 = (float)(random.NextDouble() * 4 - 2);
            var x2 = (float)(random.NextDouble() * 4 - 2);
            return new SampleRow { X1 = x1, X2 = x2, Label = x1 + x2 / 2 > 0 };
        });
        var data = ml.Data.LoadFromEnumerable(rows);
        var pipeline = ml.Transforms.Concatenate("Features", nameof(SampleRow.X1), nameof(SampleRow.X2))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression());
        var model = pipeline.Fit(data);

        using var zip = new MemoryStream();
        ml.Model.Save(model, data.Schema, zip);
        return zip.ToArray();
    }

    /// <summary>One training row; its property names become the model's input columns.</summary>
    private sealed class SampleRow
    {
        public float X1 { get; set; }
        public float X2 { get; set; }
        public bool Label { get; set; }
    }
}
