using System.Net.Sockets;
using System.Text;

namespace Mle.Tests.Integration.Hostile;

/// <summary>
/// HTTP/1.1 over a plain socket, for requests no well-behaved client would send (invalid UTF-8, bad chunk
/// sizes, odd headers): the bytes are written exactly as given, and the answer is read until the server
/// closes the connection (each request says <c>Connection: close</c>).
/// </summary>
internal static class RawHttp
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(30);

    public static async Task<RawResponse> Send(Uri server, byte[] request)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        var stream = client.GetStream();
        try
        {
            await stream.WriteAsync(request, timeout.Token);
        }
        catch (IOException)
        {
            // The server may answer and close before it has read everything (an over-long target, a bad chunk).
        }

        using var received = new MemoryStream();
        var buffer = new byte[16 * 1024];
        try
        {
            int read;
            while ((read = await stream.ReadAsync(buffer, timeout.Token)) > 0)
            {
                received.Write(buffer, 0, read);
            }
        }
        catch (IOException) when (received.Length > 0)
        {
            // A reset after the response (the server closing with unread request bytes) loses nothing we need.
        }
        return RawResponse.Parse(received.ToArray());
    }

    /// <summary>Sends the start of a request and closes the connection without waiting for an answer.</summary>
    public static async Task Abandon(Uri server, byte[] partialRequest)
    {
        using var timeout = new CancellationTokenSource(Timeout);
        using var client = new TcpClient();
        await client.ConnectAsync(server.Host, server.Port, timeout.Token);
        await client.GetStream().WriteAsync(partialRequest, timeout.Token);
        client.Client.Shutdown(SocketShutdown.Both);
    }

    /// <summary>A request with <c>Content-Length</c> set from <paramref name="body"/>, plus <c>Host</c> and <c>Connection: close</c>.</summary>
    public static byte[] Request(string method, string target, IEnumerable<string> headers, byte[]? body)
    {
        var head = new StringBuilder();
        head.Append(method).Append(' ').Append(target).Append(" HTTP/1.1\r\nHost: localhost\r\nConnection: close\r\n");
        foreach (var header in headers)
        {
            head.Append(header).Append("\r\n");
        }
        if (body is not null && !headers.Any(h => h.StartsWith("Transfer-Encoding:", StringComparison.OrdinalIgnoreCase)))
        {
            head.Append("Content-Length: ").Append(body.Length).Append("\r\n");
        }
        head.Append("\r\n");
        return [.. Encoding.Latin1.GetBytes(head.ToString()), .. body ?? []];
    }
}

/// <summary>A parsed HTTP/1.1 response: status, headers (names lower-cased), and the body (de-chunked).</summary>
internal sealed record RawResponse(int Status, IReadOnlyDictionary<string, string> Headers, byte[] Body)
{
    public string? ContentType => Headers.TryGetValue("content-type", out var value) ? value.Split(';')[0].Trim() : null;

    public string Text => Encoding.UTF8.GetString(Body);

    public static RawResponse Parse(byte[] bytes)
    {
        var end = bytes.AsSpan().IndexOf("\r\n\r\n"u8);
        if (end < 0)
        {
            throw new InvalidDataException($"No complete response head in {bytes.Length} bytes: {Encoding.Latin1.GetString(bytes)}");
        }
        var lines = Encoding.Latin1.GetString(bytes, 0, end).Split("\r\n");
        var status = int.Parse(lines[0].Split(' ')[1], System.Globalization.CultureInfo.InvariantCulture);
        var headers = new Dictionary<string, string>();
        foreach (var line in lines.Skip(1))
        {
            var colon = line.IndexOf(':');
            headers[line[..colon].Trim().ToLowerInvariant()] = line[(colon + 1)..].Trim();
        }
        var body = bytes[(end + 4)..];
        if (headers.TryGetValue("transfer-encoding", out var encoding) && encoding.Contains("chunked", StringComparison.OrdinalIgnoreCase))
        {
            body = Dechunk(body);
        }
        return new RawResponse(status, headers, body);
    }

    private static byte[] Dechunk(byte[] chunked)
    {
        using var body = new MemoryStream();
        var position = 0;
        while (true)
        {
            var lineEnd = chunked.AsSpan(position).IndexOf("\r\n"u8);
            var size = Convert.ToInt32(Encoding.ASCII.GetString(chunked, position, lineEnd).Split(';')[0], 16);
            position += lineEnd + 2;
            if (size == 0)
            {
                return body.ToArray();
            }
            body.Write(chunked, position, size);
            position += size + 2;
        }
    }
}
