using Mle.Schema;

namespace Mle.Silo.Api.OpenInference;

/// <summary>The Open Inference Protocol's tensor datatypes for our column kinds (text travels as <c>BYTES</c>).</summary>
internal static class TensorDatatypes
{
    public static string Of(ScalarKind kind) => kind switch
    {
        ScalarKind.Single => "FP32",
        ScalarKind.Double => "FP64",
        ScalarKind.Int32 => "INT32",
        ScalarKind.Int64 => "INT64",
        ScalarKind.UInt32 => "UINT32",
        ScalarKind.Boolean => "BOOL",
        ScalarKind.String => "BYTES",
        _ => throw new ArgumentOutOfRangeException(nameof(kind), kind, null),
    };

    /// <summary>
    /// Whether a tensor sent as <paramref name="datatype"/> can feed a column of <paramref name="kind"/>.
    /// Numbers are JSON numbers whatever their declared width, so any numeric datatype feeds any numeric
    /// column (values are range-checked as they are read); booleans and text must match exactly.
    /// </summary>
    public static bool CanFeed(string datatype, ScalarKind kind) => kind switch
    {
        ScalarKind.Boolean => datatype == "BOOL",
        ScalarKind.String => datatype == "BYTES",
        _ => IsNumeric(datatype),
    };

    /// <summary>
    /// Bytes per element in the binary tensor data extension, or null for <c>BYTES</c> (each element is a
    /// 4-byte length and its bytes) and for names the protocol does not define.
    /// </summary>
    public static int? ElementSize(string datatype) => datatype switch
    {
        "BOOL" or "INT8" or "UINT8" => 1,
        "INT16" or "UINT16" or "FP16" or "BF16" => 2,
        "INT32" or "UINT32" or "FP32" => 4,
        "INT64" or "UINT64" or "FP64" => 8,
        _ => null,
    };

    private static bool IsNumeric(string datatype) => datatype is
        "FP16" or "FP32" or "FP64" or "BF16" or
        "INT8" or "INT16" or "INT32" or "INT64" or
        "UINT8" or "UINT16" or "UINT32" or "UINT64";
}
