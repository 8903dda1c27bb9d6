using Microsoft.AspNetCore.Http;
using Mle.Audit;
using Mle.Errors;
using Mle.Silo.Audit;

namespace Mle.Tests.Unit.Audit;

public sealed class AuditCompletionsTests
{
    [Theory]
    [InlineData(200, AuditOutcome.Succeeded)]
    [InlineData(201, AuditOutcome.Succeeded)]
    [InlineData(401, AuditOutcome.Refused)]
    [InlineData(403, AuditOutcome.Refused)]
    [InlineData(429, AuditOutcome.Refused)]
    [InlineData(400, AuditOutcome.Failed)]
    [InlineData(404, AuditOutcome.Failed)]
    [InlineData(409, AuditOutcome.Failed)]
    [InlineData(503, AuditOutcome.Failed)]
    [InlineData(499, AuditOutcome.Unknown)]
    public void An_answer_reads_as_an_outcome(int status, AuditOutcome outcome) => Assert.Equal(outcome, AuditCompletions.Outcome(status));

    [Fact]
    public void A_thrown_error_keeps_its_code_and_the_status_rest_answers_it_with()
    {
        var completion = AuditCompletions.Of(MleErrors.ModelAlreadyExists("churn"), abandoned: false);
        Assert.Equal(new AuditCompletion(AuditOutcome.Failed, StatusCodes.Status409Conflict, ErrorCodes.ModelAlreadyExists), completion);
        Assert.Equal(ErrorCodes.InternalError, AuditCompletions.Of(new InvalidOperationException("boom"), abandoned: false).Code);
    }

    [Fact]
    public void A_caller_that_went_away_leaves_the_outcome_unknown() =>
        Assert.Equal(AuditOutcome.Unknown, AuditCompletions.Of(MleErrors.ModelAlreadyExists("churn"), abandoned: true).Outcome);
}
