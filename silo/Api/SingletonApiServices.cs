using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Serving;

namespace Mle.Silo.Api;

/// <summary>
/// <see cref="ApiServices"/> for the hot scoring routes, from the application's own (singleton) services, resolved on
/// the first request. Bound with <c>[AsParameters]</c>, <see cref="ApiServices"/> is resolved from
/// <see cref="HttpContext.RequestServices"/>, which creates a service scope (a dictionary, a feature, its disposal) on
/// every request for three singletons; a scoring route takes the <see cref="HttpContext"/> and asks this instead.
/// </summary>
internal sealed class SingletonApiServices(IServiceProvider root)
{
    private IGrainFactory? _grains;
    private IModelServing? _serving;
    private IOptions<LimitsOptions>? _limits;

    /// <summary>Resolved when a route is mapped, from the application's root services (<see cref="IEndpointRouteBuilder.ServiceProvider"/>).</summary>
    public static SingletonApiServices Of(IEndpointRouteBuilder app) => new(app.ServiceProvider);

    public ApiServices For(HttpContext http) => new(
        _grains ??= root.GetRequiredService<IGrainFactory>(),
        _serving ??= root.GetRequiredService<IModelServing>(),
        _limits ??= root.GetRequiredService<IOptions<LimitsOptions>>(),
        http);
}
