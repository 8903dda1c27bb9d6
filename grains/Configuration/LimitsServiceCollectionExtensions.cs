using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mle.Configuration;

public static class LimitsServiceCollectionExtensions
{
    /// <summary>
    /// Binds <see cref="LimitsOptions"/> to <c>Mle:Limits</c> once, checked on start by <see cref="LimitsOptionsValidator"/>:
    /// the registry, scoring and the gateway all read the limits, and whichever registers first binds them.
    /// </summary>
    public static OptionsBuilder<LimitsOptions> AddMleLimitsOptions(this IServiceCollection services, IConfiguration configuration)
    {
        var limits = services.AddOptions<LimitsOptions>();
        if (!services.Any(d => d.ServiceType == typeof(IConfigureOptions<LimitsOptions>)))
        {
            limits.Bind(configuration.GetSection(LimitsOptions.Section)).ValidateOnStart();
            services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<LimitsOptions>, LimitsOptionsValidator>());
        }
        return limits;
    }
}
