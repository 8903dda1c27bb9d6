using Mle.Errors;

namespace Mle.Registry;

/// <summary>The wire names of <see cref="ModelFlavor"/>: <c>mlnet</c> and <c>onnx</c>.</summary>
public static class ModelFlavors
{
    public const string MlNet = "mlnet";
    public const string Onnx = "onnx";

    public static string ToWireName(this ModelFlavor flavor) => flavor switch
    {
        ModelFlavor.MlNet => MlNet,
        ModelFlavor.Onnx => Onnx,
        _ => throw new ArgumentOutOfRangeException(nameof(flavor), flavor, null),
    };

    public static ModelFlavor Parse(string text) => text.Trim().ToLowerInvariant() switch
    {
        MlNet or "ml.net" => ModelFlavor.MlNet,
        Onnx => ModelFlavor.Onnx,
        _ => throw MleErrors.UnsupportedFlavor(text),
    };
}
