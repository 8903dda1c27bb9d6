using System.Buffers.Binary;
using System.Text;

namespace Mle.Tests.Support;

/// <summary>
/// Tensor bytes in the binary tensor data extension's form, written out element by element here so that
/// tests check the gateway against the protocol rather than against the gateway's own encoder.
/// </summary>
public static class BinaryTensors
{
    /// <summary>Bytes per element of a fixed-size datatype.</summary>
    public static int Size(string datatype) => datatype switch
    {
        "INT8" or "UINT8" or "BOOL" => 1,
        "INT16" or "UINT16" or "FP16" or "BF16" => 2,
        "INT32" or "UINT32" or "FP32" => 4,
        "INT64" or "UINT64" or "FP64" => 8,
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null),
    };

    /// <summary>The values as little-endian elements of <paramref name="datatype"/> (BOOL: nonzero is 1).</summary>
    public static byte[] LittleEndian(string datatype, params double[] values)
    {
        var size = Size(datatype);
        var bytes = new byte[values.Length * size];
        for (var i = 0; i < values.Length; i++)
        {
            var span = bytes.AsSpan(i * size, size);
            var v = values[i];
            switch (datatype)
            {
                case "BOOL": span[0] = v != 0 ? (byte)1 : (byte)0; break;
                case "INT8": span[0] = unchecked((byte)(sbyte)v); break;
                case "UINT8": span[0] = (byte)v; break;
                case "INT16": BinaryPrimitives.WriteInt16LittleEndian(span, (short)v); break;
                case "UINT16": BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)v); break;
                case "INT32": BinaryPrimitives.WriteInt32LittleEndian(span, (int)v); break;
                case "UINT32": BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)v); break;
                case "INT64": BinaryPrimitives.WriteInt64LittleEndian(span, (long)v); break;
                case "UINT64": BinaryPrimitives.WriteUInt64LittleEndian(span, v >= ulong.MaxValue ? ulong.MaxValue : (ulong)v); break;
                case "FP16": BinaryPrimitives.WriteHalfLittleEndian(span, (Half)v); break;
                // bfloat16 is the upper half of an FP32.
                case "BF16": BinaryPrimitives.WriteUInt16LittleEndian(span, (ushort)(BitConverter.SingleToUInt32Bits((float)v) >> 16)); break;
                case "FP32": BinaryPrimitives.WriteSingleLittleEndian(span, (float)v); break;
                case "FP64": BinaryPrimitives.WriteDoubleLittleEndian(span, v); break;
                default: throw new ArgumentOutOfRangeException(nameof(datatype), datatype, null);
            }
        }
        return bytes;
    }

    /// <summary>BYTES elements: each a 4-byte little-endian length and then its UTF-8 bytes.</summary>
    public static byte[] Strings(params string[] values)
    {
        var bytes = new List<byte>();
        foreach (var value in values)
        {
            var utf8 = Encoding.UTF8.GetBytes(value);
            var length = new byte[4];
            BinaryPrimitives.WriteInt32LittleEndian(length, utf8.Length);
            bytes.AddRange(length);
            bytes.AddRange(utf8);
        }
        return [.. bytes];
    }
}
