using Microsoft.AspNetCore.Mvc;
using Mle.Errors;

namespace Mle.Silo.Api.Errors;

/// <summary>
/// The one way an error leaves the gateway: a status, a stable code and a message, written through
/// <see cref="IProblemDetailsService"/> so it takes the caller's shape (problem-details with
/// <c>code</c>, or <c>{"error"}</c> under <c>/v2</c> through <see cref="OpenInferenceProblemWriter"/>).
/// </summary>
public static class ErrorResponse
{
    public static async Task Write(HttpContext context, int status, string code, string detail, string? target = null, Exception? exception = null,
        ExceededLimit? limit = null)
    {
        context.Response.StatusCode = status;
        var problem = Problem(status, code, detail, target, limit);
        if (exception is InvalidPipelineException invalid)
        {
            // Every problem of the definition, each with its own code and path: one answer says everything to fix.
            problem.Extensions["problems"] = invalid.Problems
                .Select(p => new Dictionary<string, object?> { ["code"] = p.Code, ["message"] = p.Message, ["path"] = p.Path, ["position"] = p.Position })
                .ToArray();
        }
        if (exception is InvalidEndpointException invalidEndpoint)
        {
            // Every problem of the spec, each with its code and path, so a client can point at each one.
            problem.Extensions["problems"] = invalidEndpoint.Problems.Select(p => new { code = p.Code, message = p.Message, path = p.Path }).ToArray();
        }
        var problems = context.RequestServices.GetService<IProblemDetailsService>();
        if (problems is not null && await problems.TryWriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem, Exception = exception }))
        {
            return;
        }

        // The client's Accept header ruled out JSON: it still learns what went wrong rather than getting an empty body.
        await context.Response.WriteAsJsonAsync(problem, options: null, contentType: "application/problem+json", context.RequestAborted);
    }

    /// <summary>
    /// The problem-details of an error. A crossed limit is named the same way by every limit error:
    /// <c>"limit": {"setting": "Mle:Limits:MaxBatchRows", "value": 10000}</c>.
    /// </summary>
    public static ProblemDetails Problem(int status, string code, string detail, string? target = null, ExceededLimit? limit = null)
    {
        var problem = new ProblemDetails
        {
            Status = status,
            Title = ErrorStatus.Title(code),
            Detail = detail,
            Type = TypeFor(code),
        };
        problem.Extensions["code"] = code;
        if (target is not null)
        {
            problem.Extensions["target"] = target;
        }
        if (limit is not null)
        {
            problem.Extensions["limit"] = new Dictionary<string, object> { ["setting"] = limit.Setting, ["value"] = limit.Value };
        }
        return problem;
    }

    /// <summary>
    /// Gives every problem-details a <c>code</c>, whoever built it (a handler's <c>TypedResults.Problem</c>,
    /// the framework's exception handler): a client switches on the code, never on the title.
    /// </summary>
    public static void AddCode(ProblemDetailsContext context)
    {
        var problem = context.ProblemDetails;
        if (problem.Extensions.TryGetValue("code", out var code) && code is string { Length: > 0 })
        {
            return;
        }
        var status = problem.Status ?? context.HttpContext.Response.StatusCode;
        var derived = ErrorStatus.CodeFor(status);
        problem.Extensions["code"] = derived;
        problem.Type ??= TypeFor(derived);
        problem.Detail ??= problem.Title ?? ErrorStatus.Title(derived);
    }

    private static string TypeFor(string code) => $"https://orleans-mle.dev/errors/{code}";
}
