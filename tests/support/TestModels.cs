using Microsoft.ML;
using Microsoft.ML.Data;
using Mle.Tests.Support.Onnx;

namespace Mle.Tests.Support;

/// <summary>
/// Small models trained in-process with fixed seeds, as artifact bytes. Each is built once per test
/// process and takes well under a second.
/// </summary>
public static class TestModels
{
    private const int Seed = 7;

    /// <summary>The weights w of <see cref="OnnxLogistic"/>.</summary>
    public static readonly float[] LogisticWeights = [0.5f, -1.25f, 2f];

    /// <summary>The bias b of <see cref="OnnxLogistic"/>.</summary>
    public const float LogisticBias = 0.1f;

    private static readonly Lazy<byte[]> Binary = new(() => Train(TestData.BinaryRows(200, Seed), ml =>
        ml.Transforms.Concatenate("Features", nameof(BinaryRow.X1), nameof(BinaryRow.X2))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())));

    private static readonly Lazy<byte[]> Mixed = new(() => Train(TestData.MixedRows(300, Seed), ml =>
        ml.Transforms.Conversion.ConvertType("IsMemberValue", nameof(MixedRow.IsMember), DataKind.Single)
            .Append(ml.Transforms.Text.FeaturizeText("CommentFeatures", nameof(MixedRow.Comment)))
            .Append(ml.Transforms.Concatenate("Features", nameof(MixedRow.Age), "IsMemberValue", "CommentFeatures", nameof(MixedRow.Embedding)))
            .Append(ml.Transforms.NormalizeMinMax("Features"))
            .Append(ml.BinaryClassification.Trainers.LbfgsLogisticRegression())));

    private static readonly Lazy<byte[]> Regression = new(() => Train(TestData.RegressionRows(200, Seed), ml =>
        ml.Transforms.Conversion.ConvertType(
            [new InputOutputColumnPair("SizeValue", nameof(RegressionRow.Size)), new InputOutputColumnPair("RoomsValue", nameof(RegressionRow.Rooms))],
            DataKind.Single)
            .Append(ml.Transforms.Concatenate("Features", "SizeValue", "RoomsValue"))
            .Append(ml.Regression.Trainers.FastTree(numberOfLeaves: 4, numberOfTrees: 10, minimumExampleCountPerLeaf: 2))));

    private static readonly Lazy<byte[]> Multiclass = new(() => TrainMulticlass(mapBackToLabels: true));

    private static readonly Lazy<byte[]> MulticlassKeys = new(() => TrainMulticlass(mapBackToLabels: false));

    /// <summary>y = sigmoid(x·w + b), x has <see cref="LogisticWeights"/>.Length features.</summary>
    private static readonly Lazy<byte[]> Logistic = new(() => new OnnxGraph()
        .Input("x", OnnxGraph.ElementType.Float, LogisticWeights.Length)
        .Initializer("w", [LogisticWeights.Length, 1], LogisticWeights)
        .Initializer("b", [1], [LogisticBias])
        .Initializer("half", [1], [0.5f])
        .Node("MatMul", ["x", "w"], ["xw"])
        .Node("Add", ["xw", "b"], ["z"])
        .Node("Sigmoid", ["z"], ["probability"])
        .Node("Greater", ["probability", "half"], ["label"])
        .Output("probability", OnnxGraph.ElementType.Float, 1)
        .Output("label", OnnxGraph.ElementType.Bool, 1)
        .ToModel());

    private static readonly Lazy<byte[]> StringsOnnx = new(() => new OnnxGraph()
        .Input("name", OnnxGraph.ElementType.String, 1)
        .Input("counts", OnnxGraph.ElementType.Int64, -1)
        .Input("weight", OnnxGraph.ElementType.Double)
        .Initializer("axes", [1], [1L])
        .Node("Identity", ["name"], ["echo"])
        .Node("ReduceSum", ["counts", "axes"], ["total"])
        .Node("Identity", ["weight"], ["weight_out"])
        .Output("echo", OnnxGraph.ElementType.String, 1)
        .Output("total", OnnxGraph.ElementType.Int64, 1)
        .Output("weight_out", OnnxGraph.ElementType.Double)
        .ToModel());

    private static readonly Lazy<byte[]> Bytes = new(() => new OnnxGraph()
        .Input("pixels", OnnxGraph.ElementType.UInt8, 4)
        .Node("Identity", ["pixels"], ["same"])
        .Output("same", OnnxGraph.ElementType.UInt8, 4)
        .ToModel());

    /// <summary>ML.NET: inputs X1, X2 (float); a logistic regression with PredictedLabel, Score, Probability.</summary>
    public static byte[] BinaryClassifier => Binary.Value;

    /// <summary>ML.NET: Age (float), IsMember (bool), Comment (text), Embedding (float[3]); binary classification.</summary>
    public static byte[] MixedInputs => Mixed.Value;

    /// <summary>ML.NET: Size (double), Rooms (int); a FastTree regression whose output is Score.</summary>
    public static byte[] RegressionModel => Regression.Value;

    /// <summary>ML.NET: Measurements (float[4]); multiclass with string labels mapped back (PredictedLabel is text).</summary>
    public static byte[] MulticlassModel => Multiclass.Value;

    /// <summary>The same multiclass model without MapKeyToValue: PredictedLabel is a key carrying the label strings.</summary>
    public static byte[] MulticlassKeyModel => MulticlassKeys.Value;

    /// <summary>ONNX: input x float[batch,3]; outputs probability float[batch,1] and label bool[batch,1].</summary>
    /// <summary>
    /// <see cref="BinaryClassifier"/> written to <paramref name="path"/> with an extra stored (uncompressed) entry of
    /// <paramref name="paddingBytes"/> bytes that ML.NET ignores: a valid model as large as a test needs, written
    /// in chunks so the test never holds it in memory.
    /// </summary>
    public static void WritePaddedBinaryClassifier(string path, long paddingBytes)
    {
        using var file = File.Create(path);
        using var zip = new System.IO.Compression.ZipArchive(file, System.IO.Compression.ZipArchiveMode.Create);
        using (var model = new System.IO.Compression.ZipArchive(new MemoryStream(BinaryClassifier), System.IO.Compression.ZipArchiveMode.Read))
        {
            foreach (var entry in model.Entries)
            {
                using var from = entry.Open();
                using var to = zip.CreateEntry(entry.FullName).Open();
                from.CopyTo(to);
            }
        }
        using var padding = zip.CreateEntry("Padding/bytes.bin", System.IO.Compression.CompressionLevel.NoCompression).Open();
        var chunk = new byte[1024 * 1024];
        new Random(Seed).NextBytes(chunk);
        for (var written = 0L; written < paddingBytes; written += chunk.Length)
        {
            padding.Write(chunk, 0, (int)Math.Min(chunk.Length, paddingBytes - written));
        }
    }

    public static byte[] OnnxLogistic => Logistic.Value;

    /// <summary>ONNX: name string[batch,1], counts int64[batch,?], weight double[batch]; echo, total (row sums), weight_out.</summary>
    public static byte[] OnnxStringsAndIntegers => StringsOnnx.Value;

    /// <summary>ONNX with a uint8 input, a type the platform does not serve.</summary>
    public static byte[] OnnxWithByteInput => Bytes.Value;

    private static byte[] TrainMulticlass(bool mapBackToLabels) => Train(TestData.FlowerRows(150, Seed), ml =>
    {
        var pipeline = ml.Transforms.Conversion.MapValueToKey("Label")
            .Append(ml.Transforms.Concatenate("Features", nameof(FlowerRow.Measurements)))
            .Append(ml.MulticlassClassification.Trainers.LbfgsMaximumEntropy());
        return mapBackToLabels
            ? pipeline.Append(ml.Transforms.Conversion.MapKeyToValue("PredictedLabel"))
            : (IEstimator<ITransformer>)pipeline;
    });

    /// <summary>Fits <paramref name="pipeline"/> on <paramref name="rows"/> and returns the saved model zip.</summary>
    public static byte[] Train<TRow>(IEnumerable<TRow> rows, Func<MLContext, IEstimator<ITransformer>> pipeline, int seed = Seed)
        where TRow : class
    {
        var ml = new MLContext(seed: seed);
        var data = ml.Data.LoadFromEnumerable(rows);
        var model = pipeline(ml).Fit(data);
        using var buffer = new MemoryStream();
        ml.Model.Save(model, data.Schema, buffer);
        return buffer.ToArray();
    }
}
