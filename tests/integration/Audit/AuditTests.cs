using System.Net;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Mle.Audit;
using Mle.Errors;
using Mle.Security;
using Mle.Silo.Audit;
using Mle.Silo.Security;
using Mle.Streams;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Security;
using Mle.Tests.Support;
using Orleans.Streams;

namespace Mle.Tests.Integration.Audit;

/// <summary>Issue 7, audit: every change, REST or SDK, is recorded with who, what, when and from where; admins read it.</summary>
public sealed class AuditTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private const string UserAgent = "audit-test/1.0";

    private TestSilo Silo => fixture.Silo;

    private string AdminId => AuditLog.IdOf(Silo.AdminKey);

    private HttpClient Client(string key)
    {
        var client = Silo.ClientWithKey(key);
        client.DefaultRequestHeaders.UserAgent.ParseAdd(UserAgent);
        return client;
    }

    [Fact]
    public async Task Every_mutating_rest_route_records_who_what_when_and_where()
    {
        using var admin = Client(Silo.AdminKey);
        var name = RestCalls.UniqueName("audited");
        var before = DateTimeOffset.UtcNow;
        await admin.RegisterModel(name, TestModels.BinaryClassifier);
        (await admin.SetAlias(name, "champion", 1)).EnsureSuccessStatusCode();
        (await admin.DeleteAsync($"/api/v1/models/{name}/aliases/champion")).EnsureSuccessStatusCode();
        (await admin.PostAsync($"/api/v1/models/{name}/versions/1/archive", null)).EnsureSuccessStatusCode();
        var (_, keyId) = await Keys.Create(admin, "viewer");
        (await Keys.Revoke(admin, keyId)).EnsureSuccessStatusCode();
        var after = DateTimeOffset.UtcNow;

        var entries = await AuditLog.Entries(admin, $"resource=models/{name}");
        Assert.Equal([AuditActions.VersionArchive, AuditActions.AliasDelete, AuditActions.AliasSet, AuditActions.VersionRegister, AuditActions.ModelCreate],
            AuditLog.Actions(entries));
        Assert.Equal([$"models/{name}/versions/1", $"models/{name}/aliases/champion", $"models/{name}/aliases/champion", $"models/{name}/versions/1", $"models/{name}"],
            entries.Select(e => (string)e!["resource"]!));
        var keys = await AuditLog.Entries(admin, $"resource=admin/keys/{keyId}");
        Assert.Equal([AuditActions.KeyRevoke, AuditActions.KeyCreate], AuditLog.Actions(keys));

        foreach (var entry in entries.Concat(keys).Select(e => e!.AsObject()))
        {
            Assert.Equal(AdminId, (string?)entry["actor"]);
            Assert.Equal("admin", (string?)entry["role"]);
            Assert.Equal("api_key", (string?)entry["credential"]);
            Assert.Equal("default", (string?)entry["tenant"]);
            Assert.Equal(nameof(AuditOutcome.Succeeded), (string?)entry["outcome"]);
            Assert.Contains((int)entry["status"]!, new[] { 200, 201 });
            Assert.Equal(AuditEntry.Rest, (string?)entry["channel"]);
            Assert.Equal("127.0.0.1", (string?)entry["remoteAddress"]);
            Assert.Equal(UserAgent, (string?)entry["client"]);
            var time = entry["time"]!.GetValue<DateTimeOffset>();
            Assert.InRange(time, before.AddSeconds(-1), after.AddSeconds(1));
            Assert.Equal(TimeSpan.Zero, time.Offset);
        }
        // The created key's secret is nowhere in the log.
        Assert.DoesNotContain("mle_", keys.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_change_a_role_does_not_allow_is_recorded_as_refused_and_a_failed_one_with_its_code()
    {
        var (viewerKey, viewerId) = await Keys.Create(Silo.Http, "viewer");
        using var viewer = Client(viewerKey);
        var name = RestCalls.UniqueName("refused");
        Assert.Equal(HttpStatusCode.Forbidden, (await viewer.CreateModel(name)).StatusCode);
        (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
        Assert.Equal(HttpStatusCode.NotFound, (await Silo.Http.SetAlias(name, "champion", 7)).StatusCode);

        var refused = Assert.Single(await AuditLog.Entries(Silo.Http, $"actor={viewerId}"))!;
        Assert.Equal(AuditActions.ModelCreate, (string?)refused["action"]);
        Assert.Equal(nameof(AuditOutcome.Refused), (string?)refused["outcome"]);
        Assert.Equal(403, (int)refused["status"]!);
        Assert.Equal(ErrorCodes.Forbidden, (string?)refused["code"]);
        Assert.Equal("viewer", (string?)refused["role"]);

        var failed = Assert.Single(await AuditLog.Entries(Silo.Http, $"resource=models/{name}&action={AuditActions.AliasSet}"))!;
        Assert.Equal(nameof(AuditOutcome.Failed), (string?)failed["outcome"]);
        Assert.Equal(404, (int)failed["status"]!);
        Assert.Equal(ErrorCodes.VersionNotFound, (string?)failed["code"]);
    }

    [Fact]
    public async Task Every_sdk_change_records_who_what_when_and_where()
    {
        var (key, keyId) = await Keys.Create(Silo.Http, "operator");
        var name = RestCalls.UniqueName("sdkaudit");
        await using (var client = await SdkClient.Connect(Silo, key))
        {
            await client.Models.CreateAsync(name);
            using var artifact = new MemoryStream(TestModels.BinaryClassifier);
            await client.Models.RegisterVersionAsync(name, artifact);
            await client.Models.SetAliasAsync(name, "champion", 1);
            await client.Models.DeleteAliasAsync(name, "champion");
            await client.Models.ArchiveVersionAsync(name, 1);
            await Assert.ThrowsAsync<AliasNotFoundException>(() => client.Models.DeleteAliasAsync(name, "champion"));
        }

        var entries = await AuditLog.Entries(Silo.Http, $"resource=models/{name}");
        Assert.Equal([AuditActions.AliasDelete, AuditActions.VersionArchive, AuditActions.AliasDelete, AuditActions.AliasSet, AuditActions.VersionRegister,
            AuditActions.ModelCreate], AuditLog.Actions(entries));
        Assert.Equal([$"models/{name}/aliases/champion", $"models/{name}/versions/1", $"models/{name}/aliases/champion", $"models/{name}/aliases/champion",
            $"models/{name}/versions", $"models/{name}"], entries.Select(e => (string)e!["resource"]!));
        foreach (var entry in entries.Select(e => e!.AsObject()))
        {
            Assert.Equal(keyId, (string?)entry["actor"]);
            Assert.Equal("operator", (string?)entry["role"]);
            Assert.Equal(AuditEntry.Sdk, (string?)entry["channel"]);
            Assert.StartsWith("Orleans.Mle.Client/", (string?)entry["client"], StringComparison.Ordinal);
            Assert.NotNull(entry["time"]);
        }
        Assert.Equal(nameof(AuditOutcome.Failed), (string?)entries[0]!["outcome"]);
        Assert.Equal(ErrorCodes.AliasNotFound, (string?)entries[0]!["code"]);
        Assert.All(entries.Skip(1), e => Assert.Equal(nameof(AuditOutcome.Succeeded), (string?)e!["outcome"]));
    }

    [Fact]
    public async Task An_sdk_change_a_role_does_not_allow_is_recorded_as_refused()
    {
        var (key, keyId) = await Keys.Create(Silo.Http, "viewer");
        var name = RestCalls.UniqueName("sdkrefused");
        await using (var client = await SdkClient.Connect(Silo, key))
        {
            await Assert.ThrowsAsync<ForbiddenException>(() => client.Models.CreateAsync(name));
        }
        var refused = Assert.Single(await AuditLog.Entries(Silo.Http, $"actor={keyId}"))!;
        Assert.Equal(AuditActions.ModelCreate, (string?)refused["action"]);
        Assert.Equal($"models/{name}", (string?)refused["resource"]);
        Assert.Equal(nameof(AuditOutcome.Refused), (string?)refused["outcome"]);
        Assert.Equal(AuditEntry.Sdk, (string?)refused["channel"]);
    }

    [Theory]
    [InlineData("viewer")]
    [InlineData("scorer")]
    [InlineData("scientist")]
    [InlineData("operator")]
    public async Task Only_admins_read_the_audit_log(string role)
    {
        var (key, _) = await Keys.Create(Silo.Http, role);
        using var client = Silo.ClientWithKey(key);
        await (await client.GetAsync("/api/v1/admin/audit")).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
    }

    [Fact]
    public async Task A_tenants_admin_reads_only_its_own_log_and_an_installation_admin_reads_any()
    {
        var tenant = RestCalls.UniqueName("t");
        var (key, keyId) = await Keys.Create(Silo.Http, "admin", tenant: tenant);
        using var tenantAdmin = Silo.ClientWithKey(key);
        var name = RestCalls.UniqueName("own");
        (await tenantAdmin.CreateModel(name)).EnsureSuccessStatusCode();

        var own = Assert.Single(await AuditLog.Entries(tenantAdmin, ""))!;
        Assert.Equal(keyId, (string?)own["actor"]);
        Assert.Equal(tenant, (string?)own["tenant"]);
        await (await tenantAdmin.GetAsync("/api/v1/admin/audit?tenant=default")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.TenantNotFound);
        Assert.Empty(await AuditLog.Entries(Silo.Http, $"resource=models/{name}"));

        var seen = Assert.Single(await AuditLog.Entries(Silo.Http, $"tenant={tenant}"))!;
        Assert.Equal($"models/{name}", (string?)seen["resource"]);
    }

    [Fact]
    public async Task Pages_follow_the_continuation_token_newest_first_without_overlap()
    {
        var name = RestCalls.UniqueName("paged");
        await Silo.Http.RegisterModel(name, TestModels.BinaryClassifier);
        for (var i = 0; i < 5; i++)
        {
            (await Silo.Http.SetAlias(name, $"a{i}", 1)).EnsureSuccessStatusCode();
        }

        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = await AuditLog.Page(Silo.Http, $"resource=models/{name}&action={AuditActions.AliasSet}&pageSize=2" + (token is null ? "" : $"&pageToken={token}"));
            seen.AddRange(page["items"]!.AsArray().Select(e => (string)e!["resource"]!));
            token = (string?)page["continuationToken"];
            pages++;
        }
        while (token is not null && pages < 10);

        Assert.Equal(3, pages);
        Assert.Equal(Enumerable.Range(0, 5).Reverse().Select(i => $"models/{name}/aliases/a{i}"), seen);
        await (await Silo.Http.GetAsync("/api/v1/admin/audit?pageSize=0")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
        await (await Silo.Http.GetAsync("/api/v1/admin/audit?pageToken=x")).AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidRequest);
    }

    [Fact]
    public async Task A_time_window_selects_the_entries_inside_it()
    {
        var name = RestCalls.UniqueName("window");
        (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
        var entry = Assert.Single(await AuditLog.Entries(Silo.Http, $"resource=models/{name}"))!;
        var time = entry["time"]!.GetValue<DateTimeOffset>();
        string At(DateTimeOffset t) => Uri.EscapeDataString(t.ToString("O", System.Globalization.CultureInfo.InvariantCulture));

        Assert.Single(await AuditLog.Entries(Silo.Http, $"resource=models/{name}&from={At(time)}&to={At(time.AddTicks(1))}"));
        Assert.Empty(await AuditLog.Entries(Silo.Http, $"resource=models/{name}&from={At(time.AddTicks(1))}"));
        Assert.Empty(await AuditLog.Entries(Silo.Http, $"resource=models/{name}&to={At(time)}"));
    }

    [Fact]
    public async Task The_notifications_stream_receives_each_entry()
    {
        var name = RestCalls.UniqueName("pushed");
        var received = new TaskCompletionSource<AuditEntry>(TaskCreationOptions.RunContinuationsAsynchronously);
        var streams = Silo.Services.GetRequiredKeyedService<IStreamProvider>(StreamNames.Provider);
        var stream = streams.GetStream<AuditEntry>(StreamId.Create(StreamNames.Notifications, AuditNotifications.StreamKey("default")));
        var subscription = await stream.SubscribeAsync((entry, _) =>
        {
            if (entry.Resource == $"models/{name}")
            {
                received.TrySetResult(entry);
            }
            return Task.CompletedTask;
        });
        try
        {
            (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
            var pushed = await received.Task.WaitAsync(TimeSpan.FromSeconds(30));
            Assert.Equal(AuditActions.ModelCreate, pushed.Action);
            Assert.Equal(AuditOutcome.Succeeded, pushed.Outcome);
            Assert.Equal(AdminId, pushed.Actor);
            Assert.True(pushed.Sequence > 0);
        }
        finally
        {
            await subscription.UnsubscribeAsync();
        }
    }

    [Fact]
    public void Every_mutating_route_and_client_method_is_audited()
    {
        var unaudited = Silo.Services.GetRequiredService<EndpointDataSource>().Endpoints.OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText?.StartsWith("/api/", StringComparison.Ordinal) == true)
            .Where(e => e.Metadata.GetMetadata<IHttpMethodMetadata>()?.HttpMethods.Any(m => m is "POST" or "PUT" or "PATCH" or "DELETE") == true)
            // The data plane posts rows or events but changes no definition: scoring, feature lookups and pushes are
            // counted in metrics, not audited.
            .Where(e => e.Metadata.GetMetadata<RouteAccess>()?.Permission is not (Permission.Score or Permission.LookupFeatures or Permission.PushFeatures or Permission.PushPipelineEvents))
            .Where(e => e.Metadata.GetMetadata<AuditedRoute>() is null)
            .Select(e => e.RoutePattern.RawText)
            .ToList();
        Assert.Empty(unaudited);

        var changes = typeof(IAuditLogGrain).Assembly.GetTypes().Where(t => t.IsInterface).SelectMany(t => t.GetMethods())
            .Where(m => m.GetCustomAttributes(typeof(RequiresAttribute), false).Cast<RequiresAttribute>()
                .Any(r => r.Permission is not (Permission.Read or Permission.Score or Permission.ReadAudit or Permission.LookupFeatures or Permission.PushFeatures or Permission.PushPipelineEvents)))
            .ToList();
        Assert.NotEmpty(changes);
        Assert.Empty(changes.Where(m => m.GetCustomAttributes(typeof(AuditedAttribute), false).Length == 0).Select(m => $"{m.DeclaringType!.Name}.{m.Name}"));
    }
}
