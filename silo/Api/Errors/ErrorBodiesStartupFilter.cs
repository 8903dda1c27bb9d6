namespace Mle.Silo.Api.Errors;

/// <summary>
/// Puts <see cref="ErrorBodies"/> in front of the whole pipeline (exception handler, routing, endpoints),
/// so it sees every error response and every request before anything reads it, wherever the host
/// composes the rest of its middleware.
/// </summary>
internal sealed class ErrorBodiesStartupFilter : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        app.UseMiddleware<ErrorBodies>();
        next(app);
    };
}
