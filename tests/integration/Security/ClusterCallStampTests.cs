using System.Reflection;
using System.Security.Cryptography;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Orleans.Providers;
using Orleans.Runtime;
using System.Threading.Channels;
using Orleans.Streams;
using Mle.Errors;
using Mle.Features;
using Mle.Streams;
using Mle.Security;
using Mle.Silo.Security;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Security;

/// <summary>
/// Issue 7: a call from inside the cluster is told from a client's by the silos' stamp alone. A modified SDK that
/// forges what it can write itself (a hosted client's id, the stamp's request context entry, any other entry) gets
/// exactly a client's authorization, and cannot reach the Orleans grains through which it could act as the cluster.
/// </summary>
public sealed class ClusterCallStampTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private TestSilo Silo => fixture.Silo;

    /// <summary>Writes into every call what a hostile client would: a made-up stamp and the id of a silo's hosted client.</summary>
    private static ClientTampering Forged { get; } = new(
        services => services.AddSingleton<IOutgoingGrainCallFilter, ForgedStamp>(),
        built =>
        {
            // Orleans keeps the client's own id in an internal singleton; a modified client writes any id it likes there.
            var details = typeof(IClusterClient).Assembly.GetType("Orleans.LocalClientDetails", throwOnError: true)!;
            var field = details.GetField("<ClientId>k__BackingField", BindingFlags.Instance | BindingFlags.NonPublic)!;
            var forged = field.FieldType.GetMethod("Create", [typeof(string)])!.Invoke(null, ["hosted-forged"]);
            field.SetValue(built.GetRequiredService(details), forged);
        });

    private sealed class ForgedStamp : IOutgoingGrainCallFilter
    {
        public Task Invoke(IOutgoingGrainCallContext context)
        {
            RequestContext.Set(ClusterCallStamp.RequestContextKey, RandomNumberGenerator.GetBytes(32));
            RequestContext.Set("mle-caller", "admin");
            return context.Invoke();
        }
    }

    [Fact]
    public async Task A_client_forging_a_hosted_id_and_a_stamp_without_a_key_is_unauthenticated()
    {
        await using var client = await SdkClient.Connect(Silo, apiKey: null, tamper: Forged);
        Assert.Contains("hosted-forged", ClientId(client), StringComparison.Ordinal);

        await Assert.ThrowsAsync<UnauthenticatedException>(() => client.Models.ListAsync());
        await Assert.ThrowsAsync<UnauthenticatedException>(() => client.Cluster.GetGrain<IApiKeyDirectoryGrain>("default").List());
    }

    [Fact]
    public async Task A_forging_viewer_is_a_viewer_and_internal_grains_stay_closed()
    {
        var (key, _) = await Keys.Create(Silo.Http, "viewer");
        await using var client = await SdkClient.Connect(Silo, key, tamper: Forged);

        await client.Models.ListAsync();
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.CreateAsync(Api.RestCalls.UniqueName("forged")));
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<IApiKeyDirectoryGrain>("default").List());
    }

    [Fact]
    public async Task Orleans_grains_that_act_as_the_cluster_are_refused_to_clients_even_admins()
    {
        await using var client = await SdkClient.Connect(Silo, Silo.AdminKey, tamper: Forged);

        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<IManagementGrain>(0).GetHosts());
        // A memory stream queue: whoever may dequeue steals events, whoever may enqueue forges them.
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<IMemoryStreamQueueGrain>(Guid.NewGuid()).Dequeue(1));
        // The platform's own memory queues likewise (the embedded backend's, Mle:Streams:Provider Memory).
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<Mle.Streams.IMemoryQueueGrain>("mle/0").Dequeue(1, TimeSpan.Zero));
        await Assert.ThrowsAsync<ForbiddenException>(() => client.Cluster.GetGrain<Mle.Streams.IMemoryQueueGrain>("mle/0").Enqueue(
            new Mle.Streams.MemoryQueueMessage(StreamId.Create(Mle.Streams.StreamNames.Pipelines, "default/p/0"), [], null)));
    }

    [Fact]
    public async Task The_silos_own_calls_still_pass()
    {
        // The REST gateway's and the co-hosted SDK's calls are the silo's own: stamped, not asked for a key.
        var name = Api.RestCalls.UniqueName("stamped");
        await Silo.Services.GetRequiredService<Mle.Client.IMleClient>().Models.CreateAsync(name);
        (await Silo.Http.GetAsync($"/api/v1/models/{name}")).EnsureSuccessStatusCode();
        Assert.NotNull(await Silo.Grains.GetGrain<IManagementGrain>(0).GetHosts());
    }

    [Fact]
    public async Task What_a_grain_publishes_after_a_stamped_call_does_not_carry_the_stamp_on()
    {
        // The events stream reaches its consuming grain by a stamped delivery; what that grain publishes (a dead
        // letter, here) carries its request context to every subscriber, clients included: without the stamp.
        var streams = Silo.Services.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider);
        var key = $"default/nowhere-{Guid.NewGuid():N}";
        var seen = Channel.CreateUnbounded<(string Event, object? Stamp)>();
        var subscription = await streams.GetStream<DeadLetteredEvent>(StreamId.Create(StreamNames.DeadLetters, key))
            .SubscribeAsync((letter, _) => seen.Writer.WriteAsync((letter.Event.Id, RequestContext.Get(ClusterCallStamp.RequestContextKey))).AsTask());

        await streams.GetStream<FeatureEvent>(StreamId.Create(StreamNames.Events, key))
            .OnNextAsync(new FeatureEvent("x1", "c1", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["amount"] = 1.0 }));

        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        var (id, stamp) = await seen.Reader.ReadAsync(timeout.Token);
        Assert.Equal("x1", id);
        Assert.Null(stamp);
        await subscription.UnsubscribeAsync();
    }

    [Fact]
    public async Task A_multi_silo_cluster_without_the_cluster_secret_does_not_start_and_names_the_setting()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = "127.0.0.1:1",
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = "127.0.0.1:1",
            ["Mle:Artifacts:Shared"] = "true",
            ["Mle:Security:ClusterSecret"] = null,
        }));

        Assert.Contains("Mle:Security:ClusterSecret is required with Mle:Clustering:Provider=Redis", error.Message);
    }

    /// <summary>The id the client sends as its own.</summary>
    private static string ClientId(SdkClient client)
    {
        var details = typeof(IClusterClient).Assembly.GetType("Orleans.LocalClientDetails", throwOnError: true)!;
        return details.GetProperty("ClientId")!.GetValue(client.Services.GetRequiredService(details))!.ToString()!;
    }
}
