using Mle.Datasets;

namespace Mle.Client;

/// <summary>
/// A read-only stream over a stored dataset's content that fetches it a chunk at a time
/// (<see cref="IDatasetGrain.ReadContent"/>) as it is read: a download through a gateway without holding the dataset.
/// </summary>
internal sealed class DatasetContentStream(IDatasetGrain dataset, long length) : Stream
{
    private const int ChunkBytes = 1024 * 1024;

    private byte[] _chunk = [];
    private int _chunkPosition;
    private long _position;

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => length;
    public override long Position { get => _position; set => throw new NotSupportedException(); }

    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
    {
        if (buffer.IsEmpty || _position >= length)
        {
            return 0;
        }
        if (_chunkPosition == _chunk.Length)
        {
            _chunk = await dataset.ReadContent(_position, ChunkBytes).WaitAsync(cancellationToken).ConfigureAwait(false);
            _chunkPosition = 0;
            if (_chunk.Length == 0)
            {
                throw new EndOfStreamException($"The dataset's content ended at byte {_position} of {length}.");
            }
        }
        var count = Math.Min(buffer.Length, _chunk.Length - _chunkPosition);
        _chunk.AsMemory(_chunkPosition, count).CopyTo(buffer);
        _chunkPosition += count;
        _position += count;
        return count;
    }

    public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    // Synchronous reads block on the cluster call; callers that can should read asynchronously.
    public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer.AsMemory(offset, count)).AsTask().GetAwaiter().GetResult();

    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}
