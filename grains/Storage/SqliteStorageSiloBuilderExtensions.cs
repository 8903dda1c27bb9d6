using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Hosting;
using Orleans.Providers;
using Orleans.Runtime.Hosting;
using Orleans.Serialization;
using Orleans.Storage;

namespace Mle.Storage;

/// <summary>Plugs the embedded SQLite grain storage and reminder table into a silo.</summary>
public static class SqliteStorageSiloBuilderExtensions
{
    /// <summary>Adds a grain storage provider named <paramref name="name"/> backed by a SQLite file.</summary>
    public static ISiloBuilder AddSqliteGrainStorage(this ISiloBuilder builder, string name, Action<SqliteGrainStorageOptions> configure)
    {
        builder.Services.AddOptions<SqliteGrainStorageOptions>(name)
            .Configure(configure)
            .Validate(options => !string.IsNullOrWhiteSpace(options.DatabasePath),
                $"SQLite grain storage '{name}' needs a DatabasePath.")
            .ValidateOnStart();
        builder.Services.AddGrainStorage(name, (services, providerName) =>
        {
            var options = services.GetRequiredService<IOptionsMonitor<SqliteGrainStorageOptions>>().Get(providerName);
            return ActivatorUtilities.CreateInstance<SqliteGrainStorage>(
                services,
                providerName,
                options,
                (IGrainStorageSerializer)new OrleansGrainStorageSerializer(services.GetRequiredService<Serializer>()));
        });
        return builder;
    }

    /// <summary>Adds SQLite grain storage as the provider grains get when they name none.</summary>
    public static ISiloBuilder AddSqliteGrainStorageAsDefault(this ISiloBuilder builder, Action<SqliteGrainStorageOptions> configure) =>
        builder.AddSqliteGrainStorage(ProviderConstants.DEFAULT_STORAGE_PROVIDER_NAME, configure);

    /// <summary>Keeps reminders in a SQLite file.</summary>
    public static ISiloBuilder UseSqliteReminderService(this ISiloBuilder builder, Action<SqliteReminderTableOptions> configure)
    {
        builder.AddReminders();
        builder.Services.AddOptions<SqliteReminderTableOptions>()
            .Configure(configure)
            .Validate(options => !string.IsNullOrWhiteSpace(options.DatabasePath), "The SQLite reminder table needs a DatabasePath.")
            .ValidateOnStart();
        builder.Services.AddSingleton<IReminderTable, SqliteReminderTable>();
        return builder;
    }
}
