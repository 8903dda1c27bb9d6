using Microsoft.Extensions.Options;
using Mle.Silo.Api.Errors;
using Mle.Silo.Security;

namespace Mle.Silo.Limits;

/// <summary>
/// Applies <see cref="KeyRequestLimits"/> to authenticated <c>/api</c> and <c>/v2</c> requests, right after
/// authentication: a refused request is answered 429 before anything else runs, with the limit named (problem-details
/// under <c>/api/v1</c>, <c>{"error"}</c> under <c>/v2</c>) and a <c>Retry-After</c> when the wait is known.
/// </summary>
internal sealed class KeyLimitsMiddleware(RequestDelegate next, KeyRequestLimits limits, IOptions<SecurityOptions> security)
{
    // Not async itself: a request that finishes at once (most single-row scores) releases its lease without a state machine.
    public Task InvokeAsync(HttpContext context)
    {
        var path = context.Request.Path;
        if (!security.Value.Enabled || !(path.StartsWithSegments("/api") || path.StartsWithSegments("/v2"))
            || CallerClaims.Of(context.User) is not { } caller)
        {
            return next(context);
        }
        var admission = limits.Enter(caller);
        if (admission.Refusal is { } refused)
        {
            if (refused.RetryAfter is { } wait)
            {
                context.Response.Headers.RetryAfter = MleExceptionHandler.RetryAfterSeconds(wait);
            }
            return ErrorResponse.Write(context, StatusCodes.Status429TooManyRequests, refused.Code, refused.Message, limit: refused.Limit);
        }
        Task pending;
        try
        {
            pending = next(context);
        }
        catch
        {
            admission.Lease?.Dispose();
            throw;
        }
        if (pending.IsCompleted)
        {
            admission.Lease?.Dispose();
            return pending;
        }
        return ReleaseWhenDone(pending, admission.Lease);
    }

    private static async Task ReleaseWhenDone(Task pending, IDisposable? lease)
    {
        using (lease)
        {
            await pending;
        }
    }
}
