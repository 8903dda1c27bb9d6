using System.Text.Json;
using Microsoft.AspNetCore.Diagnostics;
using Microsoft.AspNetCore.Mvc;
using Mle.Errors;

namespace Mle.Silo.Api.Errors;

/// <summary>
/// Turns every <see cref="MleException"/> (thrown here or by a grain) into the caller's error shape:
/// RFC 9457 problem-details with a stable <c>code</c> under <c>/api</c>, and the Open Inference
/// Protocol's <c>{"error": "..."}</c> under <c>/v2</c>. Malformed JSON becomes <c>invalid_request</c>.
/// </summary>
public sealed class MleExceptionHandler(IProblemDetailsService problems, ILogger<MleExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken cancellationToken)
    {
        var error = Translate(exception);
        if (error is null)
        {
            return false;
        }

        var status = ErrorStatus.For(error.Code);
        if (status >= StatusCodes.Status500InternalServerError)
        {
            logger.LogError(exception, "Request {Path} failed with {Code}", context.Request.Path, error.Code);
        }
        else
        {
            logger.LogInformation("Request {Path} rejected with {Code}: {Message}", context.Request.Path, error.Code, error.Message);
        }

        if (OpenInferenceErrors.Applies(context))
        {
            context.Response.StatusCode = OpenInferenceErrors.Status(status);
            await OpenInferenceErrors.Write(context, error.Message, cancellationToken);
            return true;
        }

        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = Problem(error, status),
        });
    }

    public static ProblemDetails Problem(MleException error, int status)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ErrorStatus.Title(error.Code),
            Detail = error.Message,
            Type = $"https://orleans-mle.dev/errors/{error.Code}",
        };
        problem.Extensions["code"] = error.Code;
        if (error.Target is not null)
        {
            problem.Extensions["target"] = error.Target;
        }
        return problem;
    }

    private static MleException? Translate(Exception exception) => exception switch
    {
        MleException mle => mle,
        JsonException json => MleErrors.InvalidRequest($"The request body is not valid JSON: {json.Message}"),
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } => new InvalidRequestException(ErrorCodes.RequestTooLarge, "The request body is larger than the configured limit (Mle:Limits:MaxRequestBytes)."),
        BadHttpRequestException bad => MleErrors.InvalidRequest(bad.Message),
        _ => null,
    };
}
