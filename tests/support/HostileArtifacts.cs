using System.IO.Compression;
using System.Text;
using Mle.Tests.Support.Onnx;

namespace Mle.Tests.Support;

/// <summary>
/// Artifacts an attacker would upload: zip bombs, zips whose entries climb out of the archive, and ONNX files whose
/// headers declare absurd sizes. Each is built in memory, small, and the same on every run.
/// </summary>
public static class HostileArtifacts
{
    /// <summary>
    /// A zip of a few megabytes whose entries declare <paramref name="expandedBytes"/> bytes of zeros once expanded
    /// (rounded up to whole 64 MiB entries). Every entry shares one deflated block, so building it deflates 64 MiB once.
    /// </summary>
    public static byte[] ZipBomb(long expandedBytes)
    {
        const int ChunkBytes = 64 * 1024 * 1024;
        var (deflated, crc) = DeflatedZeros.Value;
        var entries = (int)((expandedBytes + ChunkBytes - 1) / ChunkBytes);
        return HandWrittenZip(Enumerable.Range(0, entries).Select(i => ($"Model/Data/part{i:D4}.bin", deflated, crc, (uint)ChunkBytes)));
    }

    /// <summary>A zip of <paramref name="count"/> empty entries.</summary>
    public static byte[] ZipOfManyEntries(int count) =>
        HandWrittenZip(Enumerable.Range(0, count).Select(i => ($"e{i}", Deflated([]), Crc32([]), 0u)));

    /// <summary>The ML.NET <see cref="TestModels.BinaryClassifier"/> with one more entry, named <paramref name="entryName"/> as given.</summary>
    public static byte[] ModelWithEntry(string entryName, byte[]? content = null)
    {
        using var output = new MemoryStream();
        using (var zip = new ZipArchive(output, ZipArchiveMode.Create, leaveOpen: true))
        {
            using (var model = new ZipArchive(new MemoryStream(TestModels.BinaryClassifier), ZipArchiveMode.Read))
            {
                foreach (var entry in model.Entries)
                {
                    using var from = entry.Open();
                    using var to = zip.CreateEntry(entry.FullName).Open();
                    from.CopyTo(to);
                }
            }
            using var extra = zip.CreateEntry(entryName).Open();
            extra.Write(content ?? Encoding.UTF8.GetBytes("written by an artifact upload"));
        }
        return output.ToArray();
    }

    /// <summary>An ONNX model whose graph field declares 2 GiB - 1 bytes and holds a handful.</summary>
    public static byte[] OnnxDeclaringTwoGigabytes()
    {
        // ir_version 7, then field 7 (graph, length-delimited) with the varint length 0x7fffffff.
        byte[] head = [0x08, 0x07, 0x3a, 0xff, 0xff, 0xff, 0xff, 0x07];
        return [.. head, .. Encoding.ASCII.GetBytes("graph")];
    }

    /// <summary>An ONNX model (Identity) whose input and output rows are <paramref name="width"/> wide.</summary>
    public static byte[] OnnxOfWidth(long width) => OnnxOfShape(width);

    /// <summary>An ONNX model (Identity) whose input and output rows have the shape <paramref name="rowShape"/>.</summary>
    public static byte[] OnnxOfShape(params long[] rowShape) => new OnnxGraph()
        .Input("x", OnnxGraph.ElementType.Float, rowShape)
        .Node("Identity", ["x"], ["y"])
        .Output("y", OnnxGraph.ElementType.Float, rowShape)
        .ToModel();

    /// <summary>An ONNX model (Identity) whose input name is <paramref name="length"/> characters long.</summary>
    public static byte[] OnnxWithInputNameOf(int length)
    {
        var name = new string('x', length);
        return new OnnxGraph()
            .Input(name, OnnxGraph.ElementType.Float, 1)
            .Node("Identity", [name], ["y"])
            .Output("y", OnnxGraph.ElementType.Float, 1)
            .ToModel();
    }

    /// <summary>An ONNX model whose one initializer says its data is in the external file <paramref name="location"/>.</summary>
    public static byte[] OnnxWithExternalData(string location) => new OnnxGraph()
        .Input("x", OnnxGraph.ElementType.Float, 1)
        .ExternalInitializer("w", [1, 1], location)
        .Node("MatMul", ["x", "w"], ["y"])
        .Output("y", OnnxGraph.ElementType.Float, 1)
        .ToModel();

    private static readonly Lazy<(byte[] Deflated, uint Crc)> DeflatedZeros = new(() =>
    {
        var zeros = new byte[64 * 1024 * 1024];
        return (Deflated(zeros), Crc32(zeros));
    });

    private static byte[] Deflated(byte[] content)
    {
        using var output = new MemoryStream();
        using (var deflate = new DeflateStream(output, CompressionLevel.SmallestSize, leaveOpen: true))
        {
            deflate.Write(content);
        }
        return output.ToArray();
    }

    /// <summary>A zip written field by field, so entries can share one deflated block (ZipArchive would deflate each anew).</summary>
    private static byte[] HandWrittenZip(IEnumerable<(string Name, byte[] Deflated, uint Crc, uint Size)> entries)
    {
        using var output = new MemoryStream();
        using var writer = new BinaryWriter(output);
        var central = new MemoryStream();
        using var directory = new BinaryWriter(central);
        var count = 0;
        foreach (var (name, deflated, crc, size) in entries)
        {
            var nameBytes = Encoding.UTF8.GetBytes(name);
            var offset = (uint)output.Position;
            writer.Write(0x04034b50u);
            writer.Write((ushort)20);
            writer.Write((ushort)0);
            writer.Write((ushort)8);
            writer.Write(0u); // time and date: 1980-01-00
            writer.Write(crc);
            writer.Write((uint)deflated.Length);
            writer.Write(size);
            writer.Write((ushort)nameBytes.Length);
            writer.Write((ushort)0);
            writer.Write(nameBytes);
            writer.Write(deflated);

            directory.Write(0x02014b50u);
            directory.Write((ushort)20);
            directory.Write((ushort)20);
            directory.Write((ushort)0);
            directory.Write((ushort)8);
            directory.Write(0u);
            directory.Write(crc);
            directory.Write((uint)deflated.Length);
            directory.Write(size);
            directory.Write((ushort)nameBytes.Length);
            directory.Write((ushort)0);
            directory.Write((ushort)0);
            directory.Write((ushort)0);
            directory.Write((ushort)0);
            directory.Write(0u);
            directory.Write(offset);
            directory.Write(nameBytes);
            count++;
        }
        var directoryOffset = (uint)output.Position;
        directory.Flush();
        writer.Write(central.ToArray());
        writer.Write(0x06054b50u);
        writer.Write((ushort)0);
        writer.Write((ushort)0);
        writer.Write((ushort)Math.Min(count, ushort.MaxValue));
        writer.Write((ushort)Math.Min(count, ushort.MaxValue));
        writer.Write((uint)central.Length);
        writer.Write(directoryOffset);
        writer.Write((ushort)0);
        writer.Flush();
        return output.ToArray();
    }

    private static readonly uint[] CrcTable = [.. Enumerable.Range(0, 256).Select(n =>
    {
        var c = (uint)n;
        for (var bit = 0; bit < 8; bit++)
        {
            c = (c & 1) != 0 ? (c >> 1) ^ 0xedb88320u : c >> 1;
        }
        return c;
    })];

    private static uint Crc32(byte[] content)
    {
        var crc = 0xffffffffu;
        foreach (var b in content)
        {
            crc = CrcTable[(crc ^ b) & 0xff] ^ (crc >> 8);
        }
        return ~crc;
    }
}
