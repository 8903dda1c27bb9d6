using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>The one way the host registers a configuration section: bound, checked by its validator, on start.</summary>
internal static class OptionsRegistration
{
    /// <summary>
    /// Binds <typeparamref name="TOptions"/> to <paramref name="section"/> and checks it with <typeparamref name="TValidator"/>
    /// when the host starts, before the silo or Kestrel do anything.
    /// </summary>
    public static IServiceCollection AddValidatedOptions<TOptions, TValidator>(this IServiceCollection services, IConfiguration configuration, string section)
        where TOptions : class
        where TValidator : class, IValidateOptions<TOptions>
    {
        services.AddOptions<TOptions>().Bind(configuration.GetSection(section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<TOptions>, TValidator>());
        return services;
    }

    /// <summary>
    /// The section as the host reads it while it is being built, to choose which providers to wire. Only a value
    /// that does not convert fails here (the binder names the setting); every rule is checked on start by the validator.
    /// </summary>
    public static TOptions Read<TOptions>(this IConfiguration configuration, string section)
        where TOptions : class, new()
    {
        var options = new TOptions();
        try
        {
            configuration.GetSection(section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            throw new OptionsValidationException(section, typeof(TOptions), [e.Message]);
        }

        return options;
    }
}
