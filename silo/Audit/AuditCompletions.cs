using Mle.Audit;
using Mle.Errors;
using Mle.Silo.Api.Errors;

namespace Mle.Silo.Audit;

/// <summary>How an answer reads in the audit log: 2xx succeeded; 401, 403 and 429 refused; any other error failed.</summary>
public static class AuditCompletions
{
    public static AuditOutcome Outcome(int status) => status switch
    {
        < 400 => AuditOutcome.Succeeded,
        StatusCodes.Status401Unauthorized or StatusCodes.Status403Forbidden or StatusCodes.Status429TooManyRequests => AuditOutcome.Refused,
        StatusCodes.Status499ClientClosedRequest => AuditOutcome.Unknown,
        _ => AuditOutcome.Failed,
    };

    public static AuditCompletion Of(int status, string? code, string? resource = null) => new(Outcome(status), status, code, resource);

    /// <summary>
    /// An attempt that threw: its code and the status REST answers it with. A caller that went away leaves the
    /// outcome Unknown: the change it asked for may still be made.
    /// </summary>
    public static AuditCompletion Of(Exception failure, bool abandoned)
    {
        if (abandoned || failure is OperationCanceledException)
        {
            return new AuditCompletion(AuditOutcome.Unknown, StatusCodes.Status499ClientClosedRequest, null);
        }
        var (status, code) = failure switch
        {
            MleException mle => (ErrorStatus.For(mle.Code), mle.Code),
            BadHttpRequestException bad => (bad.StatusCode, ErrorStatus.CodeFor(bad.StatusCode)),
            _ => (StatusCodes.Status500InternalServerError, ErrorCodes.InternalError),
        };
        return Of(status, code);
    }
}
