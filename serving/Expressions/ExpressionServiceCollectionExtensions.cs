using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mle.Serving.Expressions;

public static class ExpressionServiceCollectionExtensions
{
    /// <summary>
    /// Registers the <see cref="ExpressionCompiler"/> with its <see cref="ExpressionLimits"/>, bound to
    /// <c>Mle:Limits</c> (the same section as the platform's other limits) and checked on start.
    /// </summary>
    public static IServiceCollection AddMleExpressions(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddOptions<ExpressionLimits>().Bind(configuration.GetSection(ExpressionLimits.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ExpressionLimits>, ExpressionLimitsValidator>());
        services.TryAddSingleton<ExpressionCompiler>(sp => new ExpressionCompiler(sp.GetRequiredService<IOptions<ExpressionLimits>>()));
        return services;
    }
}
