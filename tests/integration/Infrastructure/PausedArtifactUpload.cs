using System.Net;
using System.Net.Http.Headers;
using System.Text;

namespace Mle.Tests.Integration.Infrastructure;

/// <summary>
/// A version upload's multipart body that sends its head and half the artifact, then waits for a signal before it
/// sends the rest: a request certainly in flight (its handler is reading the body) for as long as a test needs.
/// </summary>
internal sealed class PausedArtifactUpload : HttpContent
{
    private const string Boundary = "paused-upload-boundary";
    private readonly byte[] _artifact;
    private readonly Task _resume;

    public PausedArtifactUpload(byte[] artifact, Task resume)
    {
        _artifact = artifact;
        _resume = resume;
        Headers.ContentType = MediaTypeHeaderValue.Parse($"multipart/form-data; boundary={Boundary}");
    }

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        var head = $"--{Boundary}\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"model.bin\"\r\nContent-Type: application/octet-stream\r\n\r\n";
        var half = _artifact.Length / 2;
        await stream.WriteAsync(Encoding.ASCII.GetBytes(head));
        await stream.WriteAsync(_artifact.AsMemory(0, half));
        await stream.FlushAsync();
        await _resume;
        await stream.WriteAsync(_artifact.AsMemory(half));
        await stream.WriteAsync(Encoding.ASCII.GetBytes($"\r\n--{Boundary}--\r\n"));
    }

    protected override bool TryComputeLength(out long length)
    {
        length = -1;
        return false;
    }
}
