using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;

namespace Mle.Silo.Api.Errors;

/// <summary>
/// Turns every exception that reaches the gateway into the caller's error shape (see <see cref="ErrorResponse"/>):
/// an <see cref="MleException"/> keeps its code; what malformed input makes the framework or a parser throw
/// (<see cref="JsonException"/>, <see cref="BadHttpRequestException"/>, <see cref="DecoderFallbackException"/>)
/// is the caller's fault and a 4xx; anything else is a 500 <c>internal_error</c> that names no internals.
/// A request its client abandoned gets no answer and no error log: nobody is there to read either.
/// </summary>
public sealed class MleExceptionHandler(ILogger<MleExceptionHandler> logger, IOptions<LimitsOptions> limits) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (httpContext.RequestAborted.IsCancellationRequested || exception is ConnectionResetException)
        {
            logger.LogDebug("Request {Method} {Path} abandoned by its client: {Error}", httpContext.Request.Method, httpContext.Request.Path, exception.Message);
            httpContext.Response.StatusCode = StatusCodes.Status499ClientClosedRequest;
            return true;
        }

        var (status, error) = Translate(exception);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Request {Method} {Path} failed with {Code}", httpContext.Request.Method, httpContext.Request.Path, error.Code);
        }
        else
        {
            logger.LogInformation("Request {Method} {Path} rejected with {Code}: {Message}", httpContext.Request.Method, httpContext.Request.Path, error.Code, error.Message);
        }

        if (OpenInferenceErrors.Applies(httpContext))
        {
            status = OpenInferenceErrors.Status(status);
        }
        if (error is TooManyRequestsException { RetryAfter: { } retryAfter })
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(retryAfter);
        }
        else if (error.Code == ErrorCodes.ClusterUnavailable)
        {
            httpContext.Response.Headers.RetryAfter = RetryAfterSeconds(TimeSpan.FromSeconds(1));
        }
        await ErrorResponse.Write(httpContext, status, error.Code, error.Message, error.Target, exception, error.Limit);
        return true;
    }

    /// <summary>The problem-details for <paramref name="error"/> at <paramref name="status"/> (see <see cref="ErrorResponse.Problem"/>).</summary>
    public static ProblemDetails Problem(MleException error, int status) => ErrorResponse.Problem(status, error.Code, error.Message, error.Target, error.Limit);

    /// <summary>A <c>Retry-After</c> value: whole seconds, rounded up, at least 1.</summary>
    public static string RetryAfterSeconds(TimeSpan wait) =>
        Math.Max(1, (long)Math.Ceiling(wait.TotalSeconds)).ToString(System.Globalization.CultureInfo.InvariantCulture);

    private (int Status, MleException Error) Translate(Exception exception) => exception switch
    {
        MleException mle => (ErrorStatus.For(mle.Code), mle),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => (StatusCodes.Status413PayloadTooLarge,
            MleErrors.RequestTooLarge($"The request body is larger than the configured limit of {limits.Value.MaxRequestBytes} bytes (Mle:Limits:MaxRequestBytes).",
                limits.Value.MaxRequestBytes)),
        BadHttpRequestException bad => (bad.StatusCode, new MleException(ErrorStatus.CodeFor(bad.StatusCode), Describe(bad))),
        JsonException json => (StatusCodes.Status400BadRequest, MleErrors.InvalidRequest($"The request body is not valid JSON: {json.Message}")),
        DecoderFallbackException => (StatusCodes.Status400BadRequest, MleErrors.InvalidRequest("The request body is not valid UTF-8 text.")),
        // Kestrel reports some framing errors (a chunk size that overflows) as a plain IOException from its parser.
        // A silo that crashed or is leaving: membership moves its grains within seconds, so this is "retry", not a fault.
        SiloUnavailableException or OrleansMessageRejectionException or TimeoutException => (StatusCodes.Status503ServiceUnavailable,
            new MleException(ErrorCodes.ClusterUnavailable, $"A silo this request needed is unavailable ({exception.GetType().Name}); retry shortly.")),
        IOException io when IsFromKestrel(io) => (StatusCodes.Status400BadRequest, MleErrors.InvalidRequest($"The request body could not be read: {io.Message}", "body")),
        _ => (StatusCodes.Status500InternalServerError, new MleException(ErrorCodes.InternalError, "The server failed to process the request; the fault is logged.")),
    };

    private static bool IsFromKestrel(Exception exception) =>
        exception.TargetSite?.DeclaringType?.Namespace?.StartsWith("Microsoft.AspNetCore.Server.Kestrel", StringComparison.Ordinal) == true;

    // A body that failed to bind says why in the inner exception (invalid JSON, a bad charset); the outer one only names the parameter.
    private static string Describe(BadHttpRequestException bad) => bad.InnerException switch
    {
        JsonException json => $"{bad.Message} The body is not valid JSON: {json.Message}",
        DecoderFallbackException => $"{bad.Message} The body is not valid UTF-8 text.",
        { } inner => $"{bad.Message} {inner.Message}",
        null => bad.Message,
    };
}
