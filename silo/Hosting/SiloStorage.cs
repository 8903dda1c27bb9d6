using Azure.Data.Tables;
using Mle.Configuration;
using Mle.Storage;
using Orleans.Providers;
using StackExchange.Redis;

namespace Mle.Silo.Hosting;

internal static class SiloStorage
{
    /// <summary>The names every grain state lives under: the registry's, the default and the stream pub-sub's.</summary>
    private static readonly string[] StateProviders =
        [StorageNames.Registry, ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, StorageNames.PubSub];

    /// <summary>Grain state and reminders on the backend <c>Mle:Storage:Provider</c> names.</summary>
    public static ISiloBuilder UseMleStorage(this ISiloBuilder silo, MleOptions options)
    {
        var storage = options.Storage;
        foreach (var name in StateProviders)
        {
            if (ProviderChoice.Is(storage.Provider, StorageOptions.Embedded))
            {
                silo.AddSqliteGrainStorage(name, sqlite => sqlite.DatabasePath = options.DatabasePath);
            }
            else if (ProviderChoice.Is(storage.Provider, StorageOptions.Memory))
            {
                silo.AddMemoryGrainStorage(name);
            }
            else if (ProviderChoice.Is(storage.Provider, StorageOptions.Redis))
            {
                silo.AddRedisGrainStorage(name, redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(storage.ConnectionString!));
            }
            else
            {
                silo.AddAzureTableGrainStorage(name, azure => azure.TableServiceClient = new TableServiceClient(storage.ConnectionString));
            }
        }

        if (ProviderChoice.Is(storage.Provider, StorageOptions.Embedded))
        {
            silo.UseSqliteReminderService(sqlite => sqlite.DatabasePath = options.DatabasePath);
        }
        else if (ProviderChoice.Is(storage.Provider, StorageOptions.Memory))
        {
            silo.UseInMemoryReminderService();
        }
        else if (ProviderChoice.Is(storage.Provider, StorageOptions.Redis))
        {
            silo.UseRedisReminderService(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(storage.ConnectionString!));
        }
        else
        {
            silo.UseAzureTableReminderService(azure => azure.TableServiceClient = new TableServiceClient(storage.ConnectionString));
        }

        return silo;
    }
}
