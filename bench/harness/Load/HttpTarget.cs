namespace Mle.Bench.Load;

/// <summary>An endpoint under load and the request bodies it is sent, cycled in order.</summary>
public sealed record HttpTarget(string Name, Uri Uri, IReadOnlyList<byte[]> Bodies)
{
    public HttpRequestMessage CreateRequest(long sequence)
    {
        var content = new ByteArrayContent(Bodies[(int)(sequence % Bodies.Count)]);
        content.Headers.ContentType = new("application/json");
        return new HttpRequestMessage(HttpMethod.Post, Uri) { Content = content };
    }

    /// <summary>Sends one request and reads the whole response; false for anything but a success status.</summary>
    public async Task<bool> Send(HttpClient client, long sequence, CancellationToken cancellationToken)
    {
        using var request = CreateRequest(sequence);
        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseContentRead, cancellationToken);
        return response.IsSuccessStatusCode;
    }
}
