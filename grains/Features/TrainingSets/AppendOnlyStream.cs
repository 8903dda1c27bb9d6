namespace Mle.Features.TrainingSets;

/// <summary>
/// A write-only, forward-only view of a stream that knows its position (the bytes written through it): the Parquet
/// writer reads the position to record where each column chunk starts, and needs nothing else, so a training set
/// streams as Parquet into the artifact store's staging as its CSV does, through a pipe that cannot seek.
/// </summary>
public sealed class AppendOnlyStream(Stream inner) : Stream
{
    private long _written;

    public override bool CanRead => false;

    public override bool CanSeek => false;

    public override bool CanWrite => true;

    public override long Length => _written;

    public override long Position
    {
        get => _written;
        set => throw new NotSupportedException("An append-only stream cannot move.");
    }

    public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

    public override void Write(ReadOnlySpan<byte> buffer)
    {
        inner.Write(buffer);
        _written += buffer.Length;
    }

    public override Task WriteAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
        WriteAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

    public override async ValueTask WriteAsync(ReadOnlyMemory<byte> buffer, CancellationToken cancellationToken = default)
    {
        await inner.WriteAsync(buffer, cancellationToken).ConfigureAwait(false);
        _written += buffer.Length;
    }

    public override void Flush() => inner.Flush();

    public override Task FlushAsync(CancellationToken cancellationToken) => inner.FlushAsync(cancellationToken);

    public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("An append-only stream cannot be read.");

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException("An append-only stream cannot move.");

    public override void SetLength(long value) => throw new NotSupportedException("An append-only stream cannot move.");
}
