using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Serving;
using Mle.Serving.Expressions;
using Mle.Telemetry;

namespace Mle.Endpoints;

public static class EndpointsServiceCollectionExtensions
{
    /// <summary>
    /// Registers serving endpoints (<c>Mle:Endpoints</c>, validated on start): the compiler (with the expression
    /// language, <c>AddMleExpressions</c>), this silo's replicated <see cref="EndpointCatalog"/>, the canaries'
    /// board, the shadow backlog, the per-variant metrics (also to OpenTelemetry), enrichment from the feature mart,
    /// and <see cref="EndpointServing"/>. Needs <c>AddMleServing</c> (the model serving seam).
    /// </summary>
    public static IServiceCollection AddMleEndpoints(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMleExpressions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<EndpointsOptions>().Bind(configuration.GetSection(EndpointsOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<EndpointsOptions>, EndpointsOptionsValidator>());
        services.TryAddSingleton<IEndpointEnvironment, GrainEndpointEnvironment>();
        services.TryAddSingleton<IFeatureSource, GrainFeatureSource>();
        services.TryAddSingleton(sp => new EndpointCompiler(
            sp.GetRequiredService<IModelServing>(), sp.GetRequiredService<IEndpointEnvironment>(), sp.GetRequiredService<ExpressionCompiler>()));
        services.TryAddSingleton(sp => new CanaryBoard(sp.GetRequiredService<IOptions<EndpointsOptions>>().Value.CanaryWindow, sp.GetRequiredService<TimeProvider>()));
        services.TryAddSingleton(sp =>
        {
            var options = sp.GetRequiredService<IOptions<EndpointsOptions>>().Value;
            return new ShadowBacklog(options.ShadowBacklog, options.ShadowWorkers);
        });
        services.TryAddSingleton(_ => new EndpointMetrics(new EndpointInstruments(
            MleTelemetry.EndpointCalls, MleTelemetry.EndpointErrors, MleTelemetry.EndpointLatency, MleTelemetry.EndpointScores)));
        services.TryAddSingleton(sp => new FeedbackLog(sp.GetRequiredService<IOptions<EndpointsOptions>>().Value.FeedbackMemory, sp.GetRequiredService<EndpointMetrics>()));
        services.TryAddSingleton<EndpointCatalog>();
        services.TryAddSingleton<IEndpointSource>(sp => sp.GetRequiredService<EndpointCatalog>());
        services.TryAddSingleton<SiloBroadcast>();
        services.TryAddSingleton<EndpointUpdates>();
        services.TryAddSingleton(sp => new EndpointServing(
            sp.GetRequiredService<IModelServing>(), sp.GetRequiredService<IEndpointSource>(), sp.GetRequiredService<IFeatureSource>(),
            sp.GetRequiredService<CanaryBoard>(), sp.GetRequiredService<ShadowBacklog>(), sp.GetRequiredService<EndpointMetrics>()));
        return services;
    }
}
