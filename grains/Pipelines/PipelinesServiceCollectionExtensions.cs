using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Pipelines.Execution;
using Mle.Serving.Expressions;

namespace Mle.Pipelines;

public static class PipelinesServiceCollectionExtensions
{
    /// <summary>
    /// Registers pipelines: their settings (<c>Mle:Pipelines</c>, validated on start), the expression compiler
    /// (<c>Mle:Limits:MaxExpression*</c>), validation against this silo's feature sets and models, each silo's cache
    /// of plans and of which pipelines read which source namespace, and the webhook sender. Needs the feature mart and serving registered too.
    /// </summary>
    public static IServiceCollection AddMlePipelines(this IServiceCollection services, IConfiguration configuration)
    {
        services.TryAddSingleton(TimeProvider.System);
        services.AddOptions<PipelinesOptions>().Bind(configuration.GetSection(PipelinesOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<PipelinesOptions>, PipelinesOptionsValidator>());
        services.AddMleExpressions(configuration);
        services.TryAddSingleton<PipelineValidator>();
        services.TryAddSingleton<PlatformPipelineCatalog>();
        services.TryAddSingleton<PipelinePlans>();
        services.TryAddSingleton<PipelineSources>();
        services.TryAddSingleton<PipelineProcessor>();
        services.TryAddSingleton<PipelinePushGroups>();
        services.TryAddSingleton<PipelineAdmissions>();
        services.TryAddSingleton<PipelineReports>();
        services.TryAddSingleton(sp => new WebhookSender(
            // One client per silo: pooled connections, recycled so a receiver's DNS change is seen.
            new HttpClient(new SocketsHttpHandler { PooledConnectionLifetime = TimeSpan.FromMinutes(2) }) { Timeout = Timeout.InfiniteTimeSpan },
            sp.GetRequiredService<IOptions<PipelinesOptions>>(),
            sp.GetRequiredService<TimeProvider>()));
        return services;
    }
}
