using System.Buffers;
using System.Buffers.Binary;
using System.Runtime.InteropServices;
using System.Text;
using Mle.Data;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// Encodes an output column as binary tensor data: elements little-endian, row-major, no padding;
/// <c>BOOL</c> one byte (0 or 1); <c>BYTES</c> a 4-byte little-endian length and then the UTF-8 bytes.
/// </summary>
internal static class BinaryTensorWriter
{
    /// <summary>The number of bytes <see cref="Write"/> produces for <paramref name="column"/>: its <c>binary_data_size</c>.</summary>
    public static long Size(Column column) => column switch
    {
        Column<string> text => text.Values.Sum(v => (long)sizeof(uint) + Encoding.UTF8.GetByteCount(v)),
        Column<bool> flags => flags.Values.Length,
        Column<float> or Column<int> or Column<uint> => column.Length * 4L,
        Column<double> or Column<long> => column.Length * 8L,
        _ => throw new NotSupportedException($"Column '{column.Name}' has an unsupported element type {column.Kind}."),
    };

    public static void Write(IBufferWriter<byte> writer, Column column)
    {
        switch (column)
        {
            case Column<float> c: Fixed(writer, c.Values, BinaryPrimitives.WriteSingleLittleEndian); break;
            case Column<double> c: Fixed(writer, c.Values, BinaryPrimitives.WriteDoubleLittleEndian); break;
            case Column<int> c: Fixed(writer, c.Values, BinaryPrimitives.WriteInt32LittleEndian); break;
            case Column<long> c: Fixed(writer, c.Values, BinaryPrimitives.WriteInt64LittleEndian); break;
            case Column<uint> c: Fixed(writer, c.Values, BinaryPrimitives.WriteUInt32LittleEndian); break;
            case Column<bool> c:
                var flags = writer.GetSpan(c.Values.Length);
                for (var i = 0; i < c.Values.Length; i++)
                {
                    flags[i] = c.Values[i] ? (byte)1 : (byte)0;
                }
                writer.Advance(c.Values.Length);
                break;
            case Column<string> c:
                foreach (var value in c.Values)
                {
                    var length = Encoding.UTF8.GetByteCount(value);
                    var span = writer.GetSpan(sizeof(uint) + length);
                    BinaryPrimitives.WriteUInt32LittleEndian(span, (uint)length);
                    Encoding.UTF8.GetBytes(value, span[sizeof(uint)..]);
                    writer.Advance(sizeof(uint) + length);
                }
                break;
            default:
                throw new NotSupportedException($"Column '{column.Name}' has an unsupported element type {column.Kind}.");
        }
    }

    private delegate void LittleEndianWrite<T>(Span<byte> destination, T value);

    private static void Fixed<T>(IBufferWriter<byte> writer, T[] values, LittleEndianWrite<T> write)
        where T : unmanaged
    {
        if (BitConverter.IsLittleEndian)
        {
            writer.Write(MemoryMarshal.AsBytes(values.AsSpan()));
            return;
        }
        var size = Marshal.SizeOf<T>();
        foreach (var value in values)
        {
            write(writer.GetSpan(size), value);
            writer.Advance(size);
        }
    }
}
