using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// Decodes one input tensor sent with the binary tensor data extension: elements little-endian, row-major,
/// no padding; <c>BOOL</c> one byte (0 or 1); <c>BYTES</c> a 4-byte little-endian length and then the bytes.
/// As on the JSON path, any numeric datatype feeds any numeric column, and a value the column cannot hold
/// (out of range, or a fraction for an integer column) is refused by name rather than silently changed.
/// </summary>
internal static class BinaryTensorReader
{
    // Text must be valid UTF-8: a replacement character would score a different string than the one sent.
    private static readonly UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);

    /// <summary>
    /// Decodes <paramref name="count"/> elements of <paramref name="datatype"/> from <paramref name="bytes"/>,
    /// which the caller has checked to be exactly their size for fixed-size datatypes.
    /// </summary>
    public static Column Read(ColumnSchema column, string datatype, ReadOnlySpan<byte> bytes, int count, int width)
    {
        var name = column.Name;
        return column.Kind switch
        {
            ScalarKind.Single => Column.Create(name, width, Singles(bytes, datatype, count, name)),
            ScalarKind.Double => Column.Create(name, width, Doubles(bytes, datatype, count, name)),
            ScalarKind.Int32 => Column.Create(name, width, Integers<int>(bytes, datatype, count, column)),
            ScalarKind.Int64 => Column.Create(name, width, Integers<long>(bytes, datatype, count, column)),
            ScalarKind.UInt32 => Column.Create(name, width, Integers<uint>(bytes, datatype, count, column)),
            ScalarKind.Boolean => Column.Create(name, width, Booleans(bytes, count, name)),
            ScalarKind.String => Column.Create(name, width, Strings(bytes, count, name)),
            _ => throw new NotSupportedException($"Column '{name}' has an unsupported kind {column.Kind}."),
        };
    }

    private static float[] Singles(ReadOnlySpan<byte> bytes, string datatype, int count, string column)
    {
        if (datatype == "FP32" && BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, float>(bytes).ToArray();
        }
        var values = new float[count];
        for (var i = 0; i < count; i++)
        {
            var value = Real(bytes, datatype, i);
            var single = (float)value;
            if (float.IsInfinity(single) && double.IsFinite(value))
            {
                throw OutOfRange(column, ScalarKind.Single, i);
            }
            values[i] = single;
        }
        return values;
    }

    private static double[] Doubles(ReadOnlySpan<byte> bytes, string datatype, int count, string column)
    {
        if (datatype == "FP64" && BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, double>(bytes).ToArray();
        }
        var values = new double[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = Real(bytes, datatype, i);
        }
        return values;
    }

    private static T[] Integers<T>(ReadOnlySpan<byte> bytes, string datatype, int count, ColumnSchema column)
        where T : unmanaged, System.Numerics.IBinaryInteger<T>, System.Numerics.IMinMaxValue<T>
    {
        if (datatype == TensorDatatypes.Of(column.Kind) && BitConverter.IsLittleEndian)
        {
            return MemoryMarshal.Cast<byte, T>(bytes).ToArray();
        }
        var min = Int128.CreateChecked(T.MinValue);
        var max = Int128.CreateChecked(T.MaxValue);
        var values = new T[count];
        for (var i = 0; i < count; i++)
        {
            var value = Integer(bytes, datatype, i, column, min, max);
            values[i] = T.CreateTruncating(value);
        }
        return values;
    }

    private static bool[] Booleans(ReadOnlySpan<byte> bytes, int count, string column)
    {
        var values = new bool[count];
        for (var i = 0; i < count; i++)
        {
            values[i] = bytes[i] switch
            {
                0 => false,
                1 => true,
                _ => throw MleErrors.WrongType(column, "BOOL bytes of 0 or 1", $"the byte {bytes[i]} at element {i}"),
            };
        }
        return values;
    }

    private static string[] Strings(ReadOnlySpan<byte> bytes, int count, string column)
    {
        var values = new string[count];
        var offset = 0;
        for (var i = 0; i < count; i++)
        {
            if (bytes.Length - offset < sizeof(uint))
            {
                throw Truncated(column, i, bytes.Length);
            }
            var length = BinaryPrimitives.ReadUInt32LittleEndian(bytes[offset..]);
            offset += sizeof(uint);
            if (length > (uint)(bytes.Length - offset))
            {
                throw Truncated(column, i, bytes.Length);
            }
            try
            {
                values[i] = StrictUtf8.GetString(bytes.Slice(offset, (int)length));
            }
            catch (DecoderFallbackException)
            {
                throw MleErrors.WrongType(column, "UTF-8 text", $"invalid UTF-8 at element {i}");
            }
            offset += (int)length;
        }
        if (offset != bytes.Length)
        {
            throw MleErrors.InvalidRequest(
                $"Input '{column}' has binary_data_size {bytes.Length}, but its {count} BYTES elements take {offset} bytes.", column);
        }
        return values;
    }

    /// <summary>Element <paramref name="i"/> as a double: exact for every datatype but 64-bit integers beyond 2^53.</summary>
    private static double Real(ReadOnlySpan<byte> bytes, string datatype, int i) => datatype switch
    {
        "FP16" => (double)BinaryPrimitives.ReadHalfLittleEndian(bytes[(i * 2)..]),
        // bfloat16 is the upper half of an FP32.
        "BF16" => BitConverter.Int32BitsToSingle(BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]) << 16),
        "FP32" => BinaryPrimitives.ReadSingleLittleEndian(bytes[(i * 4)..]),
        "FP64" => BinaryPrimitives.ReadDoubleLittleEndian(bytes[(i * 8)..]),
        _ => (double)IntegerElement(bytes, datatype, i),
    };

    private static Int128 Integer(ReadOnlySpan<byte> bytes, string datatype, int i, ColumnSchema column, Int128 min, Int128 max)
    {
        Int128 value;
        if (datatype is "FP16" or "BF16" or "FP32" or "FP64")
        {
            var real = Real(bytes, datatype, i);
            if (!double.IsInteger(real))
            {
                throw MleErrors.WrongType(column.Name, column.Kind.DisplayName(), $"{datatype} {real} (not an integer) at element {i}");
            }
            if (real < (double)min || real > (double)max)
            {
                throw OutOfRange(column.Name, column.Kind, i);
            }
            value = (Int128)real;
        }
        else
        {
            value = IntegerElement(bytes, datatype, i);
        }
        return value < min || value > max ? throw OutOfRange(column.Name, column.Kind, i) : value;
    }

    private static Int128 IntegerElement(ReadOnlySpan<byte> bytes, string datatype, int i) => datatype switch
    {
        "INT8" => (sbyte)bytes[i],
        "UINT8" => bytes[i],
        "INT16" => BinaryPrimitives.ReadInt16LittleEndian(bytes[(i * 2)..]),
        "UINT16" => BinaryPrimitives.ReadUInt16LittleEndian(bytes[(i * 2)..]),
        "INT32" => BinaryPrimitives.ReadInt32LittleEndian(bytes[(i * 4)..]),
        "UINT32" => BinaryPrimitives.ReadUInt32LittleEndian(bytes[(i * 4)..]),
        "INT64" => BinaryPrimitives.ReadInt64LittleEndian(bytes[(i * 8)..]),
        "UINT64" => BinaryPrimitives.ReadUInt64LittleEndian(bytes[(i * 8)..]),
        _ => throw new ArgumentOutOfRangeException(nameof(datatype), datatype, "Not a numeric tensor datatype."),
    };

    private static SchemaMismatchException OutOfRange(string column, ScalarKind kind, int element) =>
        MleErrors.WrongType(column, kind.DisplayName(), $"a number out of range at element {element}");

    private static InvalidRequestException Truncated(string column, int element, int size) =>
        MleErrors.InvalidRequest(
            $"Input '{column}' has binary_data_size {size}, which ends inside BYTES element {element} (each element is a 4-byte little-endian length and then its bytes).", column);
}
