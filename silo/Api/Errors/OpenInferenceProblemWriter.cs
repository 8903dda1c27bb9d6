namespace Mle.Silo.Api.Errors;

/// <summary>
/// Writes any problem-details produced under <c>/v2</c> as the Open Inference Protocol's
/// <c>{"error": "..."}</c>, so a handler, the exception handler and the framework's own errors all
/// give an OIP client the one shape it parses. Registered ahead of the default writer.
/// </summary>
internal sealed class OpenInferenceProblemWriter : IProblemDetailsWriter
{
    // The protocol has a body shape for errors but no content negotiation: the client's Accept header does not matter.
    public bool CanWrite(ProblemDetailsContext context) => OpenInferenceErrors.Applies(context.HttpContext);

    public async ValueTask WriteAsync(ProblemDetailsContext context) =>
        await OpenInferenceErrors.Write(context.HttpContext, context.ProblemDetails.Detail ?? context.ProblemDetails.Title ?? "The request failed.",
            context.HttpContext.RequestAborted);
}
