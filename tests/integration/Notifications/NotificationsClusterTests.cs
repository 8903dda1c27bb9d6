using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Backends;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Infrastructure.Servers;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Notifications;

/// <summary>
/// Issue 9: notifications travel on the cluster's stream, so a WebSocket on one silo sees changes made through
/// another. Two real silo applications form one cluster on Redis (membership and grain state, with the stream's
/// pub-sub), with one shared artifact folder and the same cluster secret.
/// </summary>
public sealed class NotificationsClusterTests(RedisFixture redis) : IClassFixture<RedisFixture>
{
    [SkippableFact]
    public async Task A_websocket_on_one_silo_sees_a_model_registered_through_the_other()
    {
        var artifacts = Directory.CreateTempSubdirectory("mle-notify-cluster-");
        try
        {
            var settings = BackendRoundTrip.Isolated(new()
            {
                ["Mle:Clustering:Provider"] = "Redis",
                ["Mle:Clustering:ConnectionString"] = redis.Server.ConnectionString,
                ["Mle:Clustering:AdvertisedAddress"] = "127.0.0.1",
                ["Mle:Storage:Provider"] = "Redis",
                ["Mle:Storage:ConnectionString"] = redis.Server.ConnectionString,
                ["Mle:Artifacts:Root"] = artifacts.FullName,
                ["Mle:Artifacts:Shared"] = "true",
            });
            await using var watched = await TestSilo.StartAsync(settings);
            await using var other = await TestSilo.StartAsync(settings);
            // The second silo's own key is known to the first too: keys live in the shared grain state.
            var name = RestCalls.UniqueName("across");
            await using var socket = await NotificationSocket.Connect(watched, other.AdminKey, $"name={name}");

            await other.Http.RegisterModel(name, TestModels.BinaryClassifier);

            var created = await socket.NextNotification();
            var registered = await socket.NextNotification();
            Assert.Equal("model.create", (string?)created["action"]);
            Assert.Equal($"models/{name}/versions/1", (string?)registered["resource"]);
        }
        finally
        {
            artifacts.Delete(recursive: true);
        }
    }
}
