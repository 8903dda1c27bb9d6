using System.Text;
using System.Text.Json;
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

    /// <summary>Every datatype the protocol defines, as strings and as the UTF-8 a request carries them in.</summary>
    private static readonly (string Name, byte[] Utf8)[] Defined = [.. new[]
    {
        "FP32", "BYTES", "FP64", "INT64", "INT32", "BOOL", "UINT8", "UINT16", "UINT32", "UINT64", "INT8", "INT16", "FP16", "BF16",
    }.Select(name => (name, Encoding.UTF8.GetBytes(name)))];

    /// <summary>
    /// The datatype named by the JSON string at the reader, as the protocol's own string (nothing allocated per
    /// request), or null for a name the protocol does not define (the caller reads that one as it is).
    /// </summary>
    public static string? Find(ref Utf8JsonReader reader)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            return null;
        }
        foreach (var (name, utf8) in Defined)
        {
            if (reader.ValueTextEquals(utf8))
            {
                return name;
            }
        }
        return null;
    }

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
