using Azure.Data.Tables;
using Azure.Storage.Blobs;
using Mle.Silo.Hosting.Backends;
using Mle.Storage;
using StackExchange.Redis;

namespace Mle.Silo.Hosting;

/// <summary>Every backend of grain state and reminders the silo can run on, by the name <c>Mle:Storage:Provider</c> gives it.</summary>
internal static class StorageProviders
{
    private const string Setting = $"{StorageOptions.Section}:{nameof(StorageOptions.ConnectionString)}";
    private static readonly RequiredSetting<StorageOptions> ConnectionString = new(nameof(StorageOptions.ConnectionString), o => o.ConnectionString);
    private static readonly RequiredSetting<StorageOptions> DatabaseFile = new(nameof(StorageOptions.DatabaseFile), o => o.DatabaseFile);

    public static readonly IReadOnlyList<StorageProvider> All =
    [
        new(StorageOptions.Embedded, OneMachineOnly: true, [DatabaseFile],
            (silo, name, options, dataPath) => silo.AddSqliteGrainStorage(name, sqlite =>
            {
                sqlite.DatabasePath = options.DatabasePath(dataPath);
                sqlite.GroupCommit = options.GroupCommit;
                sqlite.MaxWritesPerCommit = options.MaxWritesPerCommit;
                sqlite.MaxQueuedWrites = options.MaxQueuedWrites;
            }),
            (silo, options, dataPath) => silo.UseSqliteReminderService(sqlite => sqlite.DatabasePath = options.DatabasePath(dataPath))),
        new(StorageOptions.Memory, OneMachineOnly: false, [],
            (silo, name, _, _) => silo.AddMemoryGrainStorage(name),
            (silo, _, _) => silo.UseInMemoryReminderService()),
        new(StorageOptions.Redis, OneMachineOnly: false, [ConnectionString],
            (silo, name, options, _) => silo.AddRedisGrainStorage(name, redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.ConnectionString!)),
            (silo, options, _) => silo.UseRedisReminderService(redis => redis.ConfigurationOptions = ConfigurationOptions.Parse(options.ConnectionString!)),
            options => [BackendReach.Redis(Setting, options.ConnectionString!)]),
        new(StorageOptions.AzureTables, OneMachineOnly: false, [ConnectionString],
            (silo, name, options, _) => silo.AddAzureTableGrainStorage(name, azure => azure.TableServiceClient = new TableServiceClient(options.ConnectionString)),
            (silo, options, _) => silo.UseAzureTableReminderService(azure => azure.TableServiceClient = new TableServiceClient(options.ConnectionString)),
            options => [BackendReach.AzureTables(Setting, options.ConnectionString!)]),
        // State as one blob per grain (no size limit of a table entity), reminders in a table of the same account.
        new(StorageOptions.AzureBlobs, OneMachineOnly: false, [ConnectionString],
            (silo, name, options, _) => silo.AddAzureBlobGrainStorage(name, azure => azure.BlobServiceClient = new BlobServiceClient(options.ConnectionString)),
            (silo, options, _) => silo.UseAzureTableReminderService(azure => azure.TableServiceClient = new TableServiceClient(options.ConnectionString)),
            options => [BackendReach.AzureBlobs(Setting, options.ConnectionString!), BackendReach.AzureTables(Setting, options.ConnectionString!)]),
        new(StorageOptions.PostgreSql, OneMachineOnly: false, [ConnectionString],
            (silo, name, options, _) => silo.AddAdoNetGrainStorage(name, ado =>
            {
                ado.Invariant = PostgreSqlSchema.Invariant;
                ado.ConnectionString = options.ConnectionString;
            }),
            (silo, options, _) => silo.UseAdoNetReminderService(ado =>
            {
                ado.Invariant = PostgreSqlSchema.Invariant;
                ado.ConnectionString = options.ConnectionString;
            }),
            options => [BackendReach.PostgreSql(Setting, options.ConnectionString!, PostgreSqlSchema.Persistence, PostgreSqlSchema.Reminders)]),
    ];

    public static StorageProvider? Find(string? name) =>
        All.FirstOrDefault(provider => string.Equals(provider.Name, name, StringComparison.OrdinalIgnoreCase));
}
