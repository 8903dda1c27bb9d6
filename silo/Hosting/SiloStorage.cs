using Mle.Configuration;
using Orleans.Providers;
using Orleans.Serialization;
using Orleans.Storage;

namespace Mle.Silo.Hosting;

internal static class SiloStorage
{
    /// <summary>The names every grain state lives under: the registry's, the audit logs', the feature mart entities', the default and the stream pub-sub's.</summary>
    private static readonly string[] StateProviders =
        [StorageNames.Registry, StorageNames.Audit, StorageNames.Features, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StorageNames.PubSub];

    /// <summary>
    /// Grain state and reminders on the backend <c>Mle:Storage:Provider</c> names (an unknown name fails the start,
    /// see <see cref="StorageOptionsValidator"/>).
    /// </summary>
    public static ISiloBuilder UseMleStorage(this ISiloBuilder silo, StorageOptions options, string dataPath)
    {
        if (StorageProviders.Find(options.Provider) is not { } provider)
        {
            return silo;
        }

        // Every backend writes grain state with the Orleans serializer, as the embedded store does. Orleans' default for
        // the others is JSON with type names, which writes, but cannot read back, a compiler-generated collection (a
        // collection expression behind an IReadOnlyList, all over the feature mart's state): a feature set stored in
        // Redis was unreadable after its grain moved.
        silo.Services.AddSingleton<IGrainStorageSerializer>(sp => new OrleansGrainStorageSerializer(sp.GetRequiredService<Serializer>()));
        foreach (var name in StateProviders)
        {
            provider.AddGrainStorage(silo, name, options, dataPath);
        }

        provider.UseReminders(silo, options, dataPath);
        return silo;
    }
}
