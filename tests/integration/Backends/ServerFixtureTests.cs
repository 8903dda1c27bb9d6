using Azure.Storage.Blobs;
using Mle.Tests.Integration.Infrastructure.Servers;
using Npgsql;
using StackExchange.Redis;

namespace Mle.Tests.Integration.Backends;

/// <summary>The private servers the backend tests run on start, answer, and are gone once disposed.</summary>
public sealed class ServerFixtureTests
{
    [SkippableFact]
    public async Task A_private_redis_server_answers_and_its_port_closes_on_dispose()
    {
        var redis = await RedisServer.StartAsync();
        await using (redis)
        {
            await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.ConnectionString);
            await connection.GetDatabase().StringSetAsync("k", "v");
            Assert.Equal("v", (string?)await connection.GetDatabase().StringGetAsync("k"));
        }

        Assert.False(Listening(redis.Port));
    }

    [SkippableFact]
    public async Task A_private_postgres_cluster_creates_databases_and_runs_queries()
    {
        await using var postgres = await PostgresServer.StartAsync();
        var connectionString = await postgres.CreateDatabaseAsync("fixture_test");

        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var query = new NpgsqlCommand("SELECT current_database()", connection);
        Assert.Equal("fixture_test", await query.ExecuteScalarAsync());
    }

    [SkippableFact]
    public async Task A_private_azurite_serves_blobs()
    {
        await using var azurite = await AzuriteServer.StartAsync();
        var container = new BlobServiceClient(azurite.ConnectionString).GetBlobContainerClient("fixture");
        await container.CreateAsync();

        await container.UploadBlobAsync("a", BinaryData.FromString("hello"));

        Assert.Equal("hello", (await container.GetBlobClient("a").DownloadContentAsync()).Value.Content.ToString());
    }

    private static bool Listening(int port)
    {
        using var client = new System.Net.Sockets.TcpClient();
        try
        {
            client.Connect(System.Net.IPAddress.Loopback, port);
            return true;
        }
        catch (System.Net.Sockets.SocketException)
        {
            return false;
        }
    }
}
