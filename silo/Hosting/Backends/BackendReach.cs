using Azure.Core;
using Azure.Data.Tables;
using Azure.Messaging.EventHubs;
using Azure.Messaging.EventHubs.Producer;
using Azure.Storage.Blobs;
using Azure.Storage.Queues;
using Npgsql;
using StackExchange.Redis;

namespace Mle.Silo.Hosting.Backends;

/// <summary>
/// The check of each kind of server: one round trip that proves it answers to the configured credentials. Every
/// client here is built without retries: the gate's deadline bounds the wait, and an error reports at once.
/// </summary>
internal static class BackendReach
{
    public static BackendCheck Redis(string setting, string connectionString) =>
        new(setting, Describe(() => string.Join(",", ConfigurationOptions.Parse(connectionString).EndPoints.Select(EndPointCollection.ToString))), async cancellation =>
        {
            var options = ConfigurationOptions.Parse(connectionString);
            options.AbortOnConnectFail = true;
            options.ConnectRetry = 1;
            await using var connection = await ConnectionMultiplexer.ConnectAsync(options).WaitAsync(cancellation).ConfigureAwait(false);
            await connection.GetDatabase().PingAsync().WaitAsync(cancellation).ConfigureAwait(false);
        });

    /// <summary>Connects, then creates the Orleans tables and queries of <paramref name="parts"/> if they are missing.</summary>
    public static BackendCheck PostgreSql(string setting, string connectionString, params PostgreSqlSchema.Part[] parts) =>
        new(setting, Describe(() =>
        {
            var builder = new NpgsqlConnectionStringBuilder(connectionString);
            return $"{builder.Host}:{builder.Port}/{builder.Database}";
        }), cancellation => PostgreSqlSchema.Apply(connectionString, parts, cancellation));

    public static BackendCheck AzureTables(string setting, string connectionString) =>
        new(setting, Describe(() => new TableServiceClient(connectionString).Uri.ToString()), async cancellation =>
        {
            var client = new TableServiceClient(connectionString, WithoutRetries(new TableClientOptions()));
            await foreach (var _ in client.QueryAsync(maxPerPage: 1, cancellationToken: cancellation).AsPages().ConfigureAwait(false))
            {
                break;
            }
        });

    public static BackendCheck AzureBlobs(string setting, string connectionString) =>
        new(setting, Describe(() => new BlobServiceClient(connectionString).Uri.ToString()), async cancellation =>
        {
            var client = new BlobServiceClient(connectionString, WithoutRetries(new BlobClientOptions()));
            await foreach (var _ in client.GetBlobContainersAsync(cancellationToken: cancellation).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });

    public static BackendCheck AzureQueues(string setting, string connectionString) =>
        new(setting, Describe(() => new QueueServiceClient(connectionString).Uri.ToString()), async cancellation =>
        {
            var client = new QueueServiceClient(connectionString, WithoutRetries(new QueueClientOptions()));
            await foreach (var _ in client.GetQueuesAsync(cancellationToken: cancellation).AsPages(pageSizeHint: 1).ConfigureAwait(false))
            {
                break;
            }
        });

    /// <summary>Reads the hub's partitions: proves the namespace answers, the hub exists and the key may read it.</summary>
    public static BackendCheck EventHub(string setting, string connectionString, string hubName) =>
        new(setting, Describe(() => $"{EventHubsConnectionStringProperties.Parse(connectionString).FullyQualifiedNamespace}/{hubName}"), async cancellation =>
        {
            var options = new EventHubProducerClientOptions { RetryOptions = new EventHubsRetryOptions { MaximumRetries = 0 } };
            await using var client = new EventHubProducerClient(connectionString, hubName, options);
            await client.GetEventHubPropertiesAsync(cancellation).ConfigureAwait(false);
        });

    /// <summary>Where a connection string points, for the message; one that does not parse fails in the probe, with the parser's words.</summary>
    private static string Describe(Func<string> endpoint)
    {
        try
        {
            return endpoint();
        }
        catch (Exception e) when (e is FormatException or ArgumentException or InvalidOperationException or RedisConnectionException)
        {
            return "(a connection string that does not parse)";
        }
    }

    private static T WithoutRetries<T>(T options) where T : ClientOptions
    {
        options.Retry.MaxRetries = 0;
        return options;
    }
}
