using Microsoft.ML.OnnxRuntime;
using Microsoft.ML.OnnxRuntime.Tensors;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Scoring.Onnx;

/// <summary>
/// One named tensor of an ONNX graph, seen per row: the first dimension is the batch (the row count),
/// the rest is each row's shape. Symbolic dimensions are -1 and resolved from the column at scoring time.
/// </summary>
internal sealed record OnnxTensorSpec(string Name, ScalarKind Kind, int[] RowShape)
{
    /// <summary>Values per row, or 0 when a dimension is only known at scoring time.</summary>
    public int Width => RowShape.Any(d => d < 0) ? 0 : RowShape.Aggregate(1, (a, d) => a * d);

    public ColumnSchema ToSchema() => new(Name, Kind, Width, RowShape);

    /// <summary>The spec of a graph input; inputs we cannot feed make the artifact invalid.</summary>
    public static OnnxTensorSpec ForInput(string name, NodeMetadata metadata) =>
        Describe(name, metadata, out var reason)
        ?? throw MleErrors.InvalidArtifact($"ONNX input '{name}' cannot be served: {reason}");

    /// <summary>The spec of a graph output, or null when it is not a tensor of a kind we return (it is then not requested).</summary>
    public static OnnxTensorSpec? ForOutput(string name, NodeMetadata metadata) => Describe(name, metadata, out _);

    private static OnnxTensorSpec? Describe(string name, NodeMetadata metadata, out string reason)
    {
        if (!metadata.IsTensor)
        {
            reason = $"it is a {metadata.OnnxValueType}, not a tensor.";
            return null;
        }
        if (KindOf(metadata.ElementDataType) is not { } kind)
        {
            reason = $"element type {metadata.ElementDataType} is not supported; use float, double, int32, int64, uint32, bool or string.";
            return null;
        }
        if (metadata.Dimensions.Length == 0)
        {
            reason = "it is a scalar with no batch dimension; the first dimension must be the batch.";
            return null;
        }
        var rowShape = metadata.Dimensions.Skip(1).Select(d => d < 0 ? -1 : d).ToArray();
        // ONNX Runtime reports dimensions as int: a declared 2^62 arrives as 0, and a zero-width row cannot be served.
        if (rowShape.Any(d => d == 0))
        {
            reason = $"a row dimension is 0 or larger than can be read ({string.Join(", ", metadata.Dimensions)}).";
            return null;
        }
        if (rowShape.All(d => d > 0) && rowShape.Aggregate(1L, (product, d) => product > int.MaxValue ? product : product * d) > int.MaxValue)
        {
            reason = $"a row of shape [{string.Join(", ", rowShape)}] has more than {int.MaxValue} values.";
            return null;
        }
        reason = "";
        return new OnnxTensorSpec(name, kind, rowShape);
    }

    private static ScalarKind? KindOf(TensorElementType type) => type switch
    {
        TensorElementType.Float => ScalarKind.Single,
        TensorElementType.Double => ScalarKind.Double,
        TensorElementType.Int32 => ScalarKind.Int32,
        TensorElementType.Int64 => ScalarKind.Int64,
        TensorElementType.UInt32 => ScalarKind.UInt32,
        TensorElementType.Bool => ScalarKind.Boolean,
        TensorElementType.String => ScalarKind.String,
        _ => null,
    };
}
