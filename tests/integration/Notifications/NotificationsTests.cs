using System.Net;
using System.Net.WebSockets;
using Microsoft.Extensions.DependencyInjection;
using Orleans.Streams;
using Mle.Client;
using Mle.Errors;
using Mle.Notifications;
using Mle.Streams;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Security;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Notifications;

/// <summary>Issue 9: <c>/api/v1/notifications</c>, a WebSocket of the caller's tenant's changes, and the SDK's <c>WatchAsync</c>.</summary>
public sealed class NotificationsTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private TestSilo Silo => fixture.Silo;

    [Fact]
    public async Task A_registration_and_an_alias_move_arrive_with_their_kind_name_action_and_resource()
    {
        var name = RestCalls.UniqueName("watched");
        await using var socket = await NotificationSocket.Connect(Silo, Silo.AdminKey, $"name={name}");

        await Silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        (await Silo.Http.SetAlias(name, "champion", 1)).EnsureSuccessStatusCode();

        var created = await socket.NextNotification();
        var registered = await socket.NextNotification();
        var moved = await socket.NextNotification();
        Assert.Equal(("model", name, "model.create", $"models/{name}"), Shape(created));
        Assert.Equal(("model", name, "version.register", $"models/{name}/versions/1"), Shape(registered));
        Assert.Equal(("alias", name, "alias.set", $"models/{name}/aliases/champion"), Shape(moved));
        Assert.True((long)registered["sequence"]! > (long)created["sequence"]!);
        Assert.True(DateTimeOffset.UtcNow - DateTimeOffset.Parse((string)created["time"]!, System.Globalization.CultureInfo.InvariantCulture) < TimeSpan.FromMinutes(5));
    }

    [Fact]
    public async Task The_kind_filter_passes_only_its_kinds()
    {
        var name = RestCalls.UniqueName("kinds");
        await using var aliases = await NotificationSocket.Connect(Silo, Silo.AdminKey, $"kind=alias&name={name}");
        await using var both = await NotificationSocket.Connect(Silo, Silo.AdminKey, $"kind=featureset,alias&kind=model&name={name}");

        await Silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        (await Silo.Http.SetAlias(name, "challenger", 1)).EnsureSuccessStatusCode();

        Assert.Equal("alias.set", (string?)(await aliases.NextNotification())["action"]);
        var actions = new List<string?>();
        for (var i = 0; i < 3; i++)
        {
            actions.Add((string?)(await both.NextNotification())["action"]);
        }
        Assert.Equal(["model.create", "version.register", "alias.set"], actions);
    }

    [Fact]
    public async Task Another_tenant_sees_nothing_of_this_one()
    {
        var (acmeViewer, _) = await Keys.Create(Silo.Http, "viewer", tenant: "acme");
        var (acmeAdmin, _) = await Keys.Create(Silo.Http, "admin", tenant: "acme");
        await using var acme = await NotificationSocket.Connect(Silo, acmeViewer);

        var ours = RestCalls.UniqueName("ours");
        await Silo.Http.RegisterModel(ours, TestModels.BinaryClassifier);
        (await Silo.Http.SetAlias(ours, "champion", 1)).EnsureSuccessStatusCode();
        // A change in acme after all of ours: the first thing acme's watcher sees.
        var theirs = RestCalls.UniqueName("theirs");
        using var acmeHttp = Silo.ClientWithKey(acmeAdmin);
        (await acmeHttp.CreateModel(theirs)).EnsureSuccessStatusCode();

        var first = await acme.NextNotification();
        Assert.Equal(("model", theirs, "model.create", $"models/{theirs}"), Shape(first));
    }

    [Fact]
    public async Task Key_changes_reach_only_callers_who_manage_keys()
    {
        var (viewerKey, _) = await Keys.Create(Silo.Http, "viewer");
        await using var viewer = await NotificationSocket.Connect(Silo, viewerKey, "kind=key,model");
        await using var admin = await NotificationSocket.Connect(Silo, Silo.AdminKey, "kind=key,model");

        var (_, id) = await Keys.Create(Silo.Http, "scorer");
        var marker = RestCalls.UniqueName("after-key");
        (await Silo.Http.CreateModel(marker)).EnsureSuccessStatusCode();

        // Changes made before the sockets were in place may still arrive first (their outcome is recorded after the
        // answer): read on to this test's own.
        var created = await Until(admin, n => (string?)n["name"] == id);
        Assert.Equal(("key", "key.create"), ((string?)created["kind"], (string?)created["action"]));
        await Until(viewer, n => (string?)n["name"] == marker, n => Assert.NotEqual("key", (string?)n["kind"]));
    }

    /// <summary>Reads notifications until one matches, checking each one before it with <paramref name="each"/>.</summary>
    private static async Task<System.Text.Json.Nodes.JsonObject> Until(
        NotificationSocket socket, Func<System.Text.Json.Nodes.JsonObject, bool> match, Action<System.Text.Json.Nodes.JsonObject>? each = null)
    {
        while (true)
        {
            var next = await socket.NextNotification();
            each?.Invoke(next);
            if (match(next))
            {
                return next;
            }
        }
    }

    [Fact]
    public async Task Without_a_key_the_handshake_is_401_a_role_without_read_403_and_a_bad_request_400()
    {
        Assert.Equal(401, await NotificationSocket.Refusal(Silo, null));
        Assert.Equal(401, await NotificationSocket.Refusal(Silo, Keys.Tampered(Silo.AdminKey)));
        var (scorer, _) = await Keys.Create(Silo.Http, "scorer");
        Assert.Equal(403, await NotificationSocket.Refusal(Silo, scorer));
        Assert.Equal(400, await NotificationSocket.Refusal(Silo, Silo.AdminKey, "kind=Model;drop"));

        // Plain HTTP is not a WebSocket: a coded 400, not a hang.
        await (await Silo.Http.GetAsync("/api/v1/notifications")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        using var anonymous = Silo.ClientWithKey(null);
        Assert.Equal(HttpStatusCode.Unauthorized, (await anonymous.GetAsync("/api/v1/notifications")).StatusCode);
    }

    [Fact]
    public async Task A_browser_offers_its_key_as_a_subprotocol_and_it_is_not_echoed()
    {
        var name = RestCalls.UniqueName("browser");
        await using var socket = await NotificationSocket.Connect(Silo, key: null, $"name={name}", configure: options =>
        {
            options.AddSubProtocol("mle.notifications.v1");
            options.AddSubProtocol("mle.bearer." + Silo.AdminKey);
        });
        Assert.Equal("mle.notifications.v1", socket.Socket.SubProtocol);

        (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
        Assert.Equal(name, (string?)(await socket.NextNotification())["name"]);
    }

    [Fact]
    public async Task A_reader_that_falls_behind_loses_the_oldest_and_is_told_how_many()
    {
        var name = RestCalls.UniqueName("slow");
        var streams = Silo.Services.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider);
        var filter = new NotificationFilter([], name);
        await using var slow = await NotificationSubscription.StartAsync(streams, "default", filter.Matches, capacity: 2);
        await using var witness = await NotificationSubscription.StartAsync(streams, "default", filter.Matches, capacity: 100);

        // Five changes, none of them read from the slow queue, which holds two.
        await Silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        foreach (var alias in new[] { "a", "b", "c" })
        {
            (await Silo.Http.SetAlias(name, alias, 1)).EnsureSuccessStatusCode();
        }
        var all = new List<Notification>();
        using var timeout = new CancellationTokenSource(NotificationSocket.ReadTimeout);
        while (all.Count < 5)
        {
            all.Add(await witness.Reader.ReadAsync(timeout.Token));
        }

        var dropped = await Eventually.Holds(() => Task.FromResult(slow.TakeDropped()), _ => true, NotificationSocket.ReadTimeout, "a count");
        dropped += await Eventually.Holds(() => Task.FromResult(slow.TakeDropped()), d => dropped + d == 3, NotificationSocket.ReadTimeout, "three dropped");
        Assert.Equal(3, dropped);
        Assert.Equal(0, slow.TakeDropped());
        Assert.Equal(all.Skip(3).Select(n => n.Sequence), [(await slow.Reader.ReadAsync()).Sequence, (await slow.Reader.ReadAsync()).Sequence]);
    }

    [Fact]
    public async Task The_sdk_watches_out_of_process_over_the_websocket_and_co_hosted_over_the_stream()
    {
        var (viewer, _) = await Keys.Create(Silo.Http, "viewer");
        await using var client = await SdkClient.Connect(Silo, viewer, tamper: new ClientTampering(
            services => services.Configure<MleClientOptions>(o => o.HttpAddress = Silo.BaseAddress), null));
        var prefix = RestCalls.UniqueName("sdk");

        var outside = await FirstWhileChanging(client.Notifications, prefix, "out");
        var inside = await FirstWhileChanging(Silo.Services.GetRequiredService<IMleClient>().Notifications, prefix, "in");

        Assert.Equal("model.create", outside.Action);
        Assert.StartsWith($"{prefix}-out", outside.Name, StringComparison.Ordinal);
        Assert.Equal(NotificationKinds.Model, inside.Kind);
        Assert.StartsWith($"{prefix}-in", inside.Name, StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_sdk_watch_with_a_role_that_cannot_read_is_forbidden()
    {
        var (scorer, _) = await Keys.Create(Silo.Http, "scorer");
        await using var client = await SdkClient.Connect(Silo, scorer, tamper: new ClientTampering(
            services => services.Configure<MleClientOptions>(o => o.HttpAddress = Silo.BaseAddress), null));
        await using var watch = client.Notifications.WatchAsync().GetAsyncEnumerator();
        await Assert.ThrowsAsync<ForbiddenException>(async () => await watch.MoveNextAsync());
    }

    [Fact]
    public async Task A_stopping_silo_closes_its_sockets_with_going_away()
    {
        await using var silo = await TestSilo.StartAsync();
        await using var socket = await NotificationSocket.Connect(silo, silo.AdminKey);

        var stopping = silo.StopAsync();
        using var timeout = new CancellationTokenSource(NotificationSocket.ReadTimeout);
        var received = await socket.Socket.ReceiveAsync(new byte[1024], timeout.Token);
        await stopping;

        Assert.Equal(WebSocketMessageType.Close, received.MessageType);
        Assert.Equal(WebSocketCloseStatus.EndpointUnavailable, socket.Socket.CloseStatus);
    }

    /// <summary>
    /// The first notification a fresh watch sees. A watch starts when it is first read and says nothing when it is in
    /// place, so changes are made until one arrives; each has a new name under <paramref name="prefix"/>.
    /// </summary>
    private async Task<Notification> FirstWhileChanging(INotificationsClient notifications, string prefix, string side)
    {
        using var timeout = new CancellationTokenSource(NotificationSocket.ReadTimeout);
        await using var watch = notifications.WatchAsync(new NotificationFilter([NotificationKinds.Model]), timeout.Token).GetAsyncEnumerator(timeout.Token);
        var i = 0;
        while (true)
        {
            var next = watch.MoveNextAsync().AsTask();
            while (!next.IsCompleted)
            {
                (await Silo.Http.CreateModel($"{prefix}-{side}{i++}")).EnsureSuccessStatusCode();
                await Task.WhenAny(next, Task.Delay(TimeSpan.FromMilliseconds(250), timeout.Token));
            }
            Assert.True(await next);
            // A change of an earlier test may still be on its way: this test's own are the ones under the prefix.
            if (watch.Current.Name.StartsWith($"{prefix}-{side}", StringComparison.Ordinal))
            {
                return watch.Current;
            }
        }
    }

    private static (string?, string?, string?, string?) Shape(System.Text.Json.Nodes.JsonObject n) =>
        ((string?)n["kind"], (string?)n["name"], (string?)n["action"], (string?)n["resource"]);
}
