using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.Options;
using Microsoft.Extensions.Primitives;
using Mle.Configuration;
using Mle.Errors;
using Mle.Silo.Api.Json;

namespace Mle.Silo.Api.Errors;

/// <summary>
/// The outermost gateway middleware. Before the request goes further it refuses what no route should see
/// (a request target over <see cref="LimitsOptions.MaxUrlBytes"/>, a JSON body in a charset other than UTF-8);
/// after it, any error answered without a body (routing's 404 and 405, a 415, a bare status from a handler)
/// gets one in the caller's shape, so every error carries a code whoever produced it.
/// </summary>
internal sealed class ErrorBodies(RequestDelegate next, IOptions<LimitsOptions> limits)
{
    // Not async itself: the checks before and after the rest of the pipeline mostly find nothing to do, and a request
    // that completes at once then costs no state machine here.
    public Task InvokeAsync(HttpContext context)
    {
        var target = context.Features.Get<IHttpRequestFeature>()?.RawTarget ?? context.Request.Path.Value ?? "";
        var maxUrl = limits.Value.MaxUrlBytes;
        if (target.Length > maxUrl)
        {
            return ErrorResponse.Write(context, StatusCodes.Status414UriTooLong, ErrorCodes.UrlTooLong,
                $"The request target is {target.Length} characters; the limit is {maxUrl} (Mle:Limits:MaxUrlBytes).",
                limit: ExceededLimit.Of(nameof(LimitsOptions.MaxUrlBytes), maxUrl));
        }
        if (context.Request.Headers.ContentEncoding is { Count: > 0 } encoding && !IsIdentity(encoding))
        {
            // No request decompression: a compressed body would otherwise be parsed as if it were JSON.
            return ErrorResponse.Write(context, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"Request bodies are not decompressed; send it without Content-Encoding '{Printable(encoding.ToString())}'.", "Content-Encoding");
        }
        if (JsonCharset.Unsupported(context.Request) is { } charset)
        {
            return ErrorResponse.Write(context, StatusCodes.Status415UnsupportedMediaType, ErrorCodes.UnsupportedMediaType,
                $"JSON bodies must be UTF-8; the request declares charset '{Printable(charset)}'.", "Content-Type");
        }

        var pending = next(context);
        if (!pending.IsCompletedSuccessfully)
        {
            return CompleteAfter(pending, context);
        }
        return LacksBody(context.Response) ? WriteBody(context) : Task.CompletedTask;
    }

    private static async Task CompleteAfter(Task pending, HttpContext context)
    {
        await pending;
        if (LacksBody(context.Response))
        {
            await WriteBody(context);
        }
    }

    /// <summary>An error answered without a body: it gets one in the caller's shape.</summary>
    private static bool LacksBody(HttpResponse response) =>
        response.StatusCode >= StatusCodes.Status400BadRequest && !response.HasStarted
        && response.ContentLength is null && string.IsNullOrEmpty(response.ContentType);

    private static Task WriteBody(HttpContext context) =>
        ErrorResponse.Write(context, context.Response.StatusCode, ErrorStatus.CodeFor(context.Response.StatusCode), Describe(context));

    private static bool IsIdentity(StringValues encoding) =>
        encoding.All(value => string.IsNullOrWhiteSpace(value) || value.Trim().Equals("identity", StringComparison.OrdinalIgnoreCase));

    private static string Describe(HttpContext context)
    {
        var request = context.Request;
        return context.Response.StatusCode switch
        {
            StatusCodes.Status404NotFound => $"No route answers {request.Method} {Printable(request.Path.Value ?? "/")}.",
            StatusCodes.Status405MethodNotAllowed => $"{Printable(request.Path.Value ?? "/")} does not accept {request.Method}.",
            StatusCodes.Status415UnsupportedMediaType =>
                $"This route does not read content type '{Printable(request.ContentType ?? "")}'; send application/json (UTF-8).",
            StatusCodes.Status400BadRequest => "The request could not be read: its framing or body is malformed.",
            var status => $"The request failed with status {status}.",
        };
    }

    // Echoed request text is bounded and free of control characters (they would forge log lines and break readers).
    private static string Printable(string text)
    {
        const int Shown = 200;
        var shown = text.Length > Shown ? text[..Shown] + "..." : text;
        return string.Create(shown.Length, shown, (span, source) =>
        {
            for (var i = 0; i < span.Length; i++)
            {
                span[i] = char.IsControl(source[i]) || char.IsSurrogate(source[i]) ? '?' : source[i];
            }
        });
    }
}
