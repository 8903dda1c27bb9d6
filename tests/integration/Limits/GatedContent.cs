using System.Net;

namespace Mle.Tests.Integration.Limits;

/// <summary>
/// A request body sent in two parts: the first at once, the rest when the test opens <see cref="Gate"/>. The server
/// has the request (and its admission) in progress until then: concurrency without timing.
/// </summary>
internal sealed class GatedContent(byte[] head, byte[] tail, Task gate) : HttpContent
{
    public GatedContent(string head, string tail, Task gate)
        : this(System.Text.Encoding.UTF8.GetBytes(head), System.Text.Encoding.UTF8.GetBytes(tail), gate)
    {
        Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
    }

    public Task Gate => gate;

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
    {
        await stream.WriteAsync(head);
        await stream.FlushAsync();
        await gate;
        await stream.WriteAsync(tail);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = head.Length + tail.Length;
        return true;
    }
}
