using Mle.Tests.Support.Onnx;

namespace Mle.Tests.Integration.Durability;

/// <summary>
/// Small ONNX models that differ only in their bias, so each is a distinct artifact (its own SHA-256) whose
/// predictions tell which one answered: <c>probability = sigmoid(x·w + bias)</c>.
/// </summary>
internal static class DistinctModels
{
    /// <summary>The weights w every model shares.</summary>
    public static readonly float[] Weights = [0.5f, -1.25f, 2f];

    /// <summary>The row every check scores.</summary>
    public static readonly float[] Row = [1f, 0.5f, 0.25f];

    /// <summary>The bias of model number <paramref name="index"/>: distinct for every index a test uses.</summary>
    public static float Bias(int index) => index / 100f;

    public static byte[] Logistic(int index) => new OnnxGraph()
        .Input("x", OnnxGraph.ElementType.Float, Weights.Length)
        .Initializer("w", [Weights.Length, 1], Weights)
        .Initializer("b", [1], [Bias(index)])
        .Node("MatMul", ["x", "w"], ["xw"])
        .Node("Add", ["xw", "b"], ["z"])
        .Node("Sigmoid", ["z"], ["probability"])
        .Output("probability", OnnxGraph.ElementType.Float, 1)
        .ToModel();

    /// <summary>What model <paramref name="index"/> answers for <see cref="Row"/>, computed without it.</summary>
    public static double ExpectedProbability(int index)
    {
        var z = Bias(index) + Weights.Select((w, i) => (double)w * Row[i]).Sum();
        return 1 / (1 + Math.Exp(-z));
    }

    /// <summary>The scoring request body for <see cref="Row"/>.</summary>
    public static string RowJson => $$"""{"rows": [{"x": [{{string.Join(", ", Row.Select(v => v.ToString(System.Globalization.CultureInfo.InvariantCulture)))}}]}]}""";
}
