using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Configuration;

namespace Mle.Registry;

public static class RegistryServiceCollectionExtensions
{
    /// <summary>
    /// Registers what the registry's grains need besides their storage and the artifact store: the limits they
    /// enforce (<c>Mle:Limits</c>) and the clock they stamp changes with. The grains also need
    /// <c>AddMleServing</c> (they push every change to the silos' catalogs) and <c>AddMleScoring</c> (inspection).
    /// Also the registration path (<see cref="VersionRegistrar"/>, bounded by <see cref="UploadSlots"/>) and the
    /// collection of artifacts no version references (<see cref="UnreferencedArtifactSweep"/>, <c>Mle:Artifacts</c>),
    /// and the trim of the heap after a burst of registrations (<see cref="RegistrationHeapTrim"/>, <c>Mle:Registry</c>).
    /// </summary>
    public static IServiceCollection AddMleRegistry(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMleLimitsOptions(configuration);
        services.TryAddSingleton(TimeProvider.System);
        services.TryAddSingleton<UploadSlots>();
        services.TryAddSingleton<VersionRegistrar>();
        services.AddOptions<ArtifactCollectionOptions>().Bind(configuration.GetSection(ArtifactCollectionOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<ArtifactCollectionOptions>, ArtifactCollectionOptionsValidator>());
        services.TryAddSingleton<UnreferencedArtifactSweep>();
        services.AddHostedService(sp => sp.GetRequiredService<UnreferencedArtifactSweep>());
        services.AddOptions<HeapTrimOptions>().Bind(configuration.GetSection(HeapTrimOptions.Section)).ValidateOnStart();
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IValidateOptions<HeapTrimOptions>, HeapTrimOptionsValidator>());
        services.TryAddSingleton<RegistrationHeapTrim>();
        services.AddHostedService(sp => sp.GetRequiredService<RegistrationHeapTrim>());
        return services;
    }
}
