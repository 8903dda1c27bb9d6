using System.Buffers;
using System.Security.Cryptography;
using Mle.Errors;

namespace Mle.Artifacts;

/// <summary>
/// What every artifact store does with an upload before it commits it: copy it into a local temporary file while it
/// is hashed (so it is never whole in memory and its address is known once the last byte arrives), refusing it as soon
/// as it passes the size limit, and read it back whole for inspection.
/// </summary>
internal static class StagingFile
{
    /// <summary>How much of an upload is copied at a time.</summary>
    public const int BufferSize = 1024 * 1024;

    /// <summary>
    /// The staging file's own buffer: none. Uploads arrive in <see cref="BufferSize"/> chunks and are read back whole, so
    /// a file buffer would only add a copy, and a second large array per upload.
    /// </summary>
    public const int FileBufferSize = 0;

    /// <summary>Copies <paramref name="content"/> into <paramref name="file"/>; returns its SHA-256 (lower-case hex) and size.</summary>
    public static async Task<(string Sha256, long Size)> Fill(FileStream file, Stream content, long maxBytes, CancellationToken cancellationToken)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        // Pooled: a new array of this size per upload lands on the large object heap, and a stream of registrations
        // (1,000 versions in the memory bench) grew the silo's resident set by the garbage collector's retained share of it.
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            long size = 0;
            int read;
            while ((read = await content.ReadAsync(buffer.AsMemory(0, BufferSize), cancellationToken).ConfigureAwait(false)) > 0)
            {
                size += read;
                if (size > maxBytes)
                {
                    throw MleErrors.ArtifactTooLarge(size, maxBytes);
                }
                hash.AppendData(buffer, 0, read);
                await file.WriteAsync(buffer.AsMemory(0, read), cancellationToken).ConfigureAwait(false);
            }
            await file.FlushAsync(cancellationToken).ConfigureAwait(false);
            return (Convert.ToHexStringLower(hash.GetHashAndReset()), size);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The <paramref name="size"/> bytes a filled file holds, read at their offsets (the file's position is left alone).</summary>
    public static async Task<byte[]> ReadAll(FileStream file, long size, CancellationToken cancellationToken)
    {
        var bytes = new byte[size];
        var offset = 0;
        while (offset < bytes.Length)
        {
            var read = await RandomAccess.ReadAsync(file.SafeFileHandle, bytes.AsMemory(offset), offset, cancellationToken).ConfigureAwait(false);
            if (read == 0)
            {
                throw new IOException($"The staged artifact {file.Name} is shorter than the {size} bytes received.");
            }
            offset += read;
        }
        return bytes;
    }
}
