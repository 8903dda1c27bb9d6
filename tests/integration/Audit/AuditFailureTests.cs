using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mle.Audit;
using Mle.Configuration;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Integration.Security;
using Orleans.Storage;

namespace Mle.Tests.Integration.Audit;

/// <summary>
/// Issue 7, audit: no change goes unrecorded. When the log cannot record an attempt, the change is refused and nothing
/// changes; when it cannot record the outcome, the attempt stays in the log as Unknown.
/// </summary>
public sealed class AuditFailureTests : IAsyncLifetime
{
    private readonly SwitchableAuditStorage _storage = new();
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(services: services =>
        services.AddKeyedSingleton<IGrainStorage>(StorageNames.Audit, (_, _) => _storage));

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_rest_change_the_log_cannot_record_is_refused_with_503_and_not_made()
    {
        var name = RestCalls.UniqueName("unaudited");
        _storage.FailAll();
        await (await Silo.Http.CreateModel(name)).AssertProblem(HttpStatusCode.ServiceUnavailable, ErrorCodes.AuditUnavailable);
        _storage.Heal();

        Assert.Equal(HttpStatusCode.NotFound, (await Silo.Http.GetAsync($"/api/v1/models/{name}")).StatusCode);
        Assert.Empty(await AuditLog.Entries(Silo.Http, $"resource=models/{name}"));
        (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
        Assert.Single(await AuditLog.Entries(Silo.Http, $"resource=models/{name}"));
    }

    [Fact]
    public async Task An_sdk_change_the_log_cannot_record_is_refused_with_a_typed_exception_and_not_made()
    {
        var (key, _) = await Keys.Create(Silo.Http, "scientist");
        var name = RestCalls.UniqueName("sdkunaudited");
        await using var client = await SdkClient.Connect(Silo, key);
        _storage.FailAll();
        var refused = await Assert.ThrowsAsync<AuditUnavailableException>(() => client.Models.CreateAsync(name));
        _storage.Heal();

        Assert.Equal(ErrorCodes.AuditUnavailable, refused.Code);
        await Assert.ThrowsAsync<ModelNotFoundException>(() => client.Models.GetAsync(name));
    }

    [Fact]
    public async Task A_change_whose_outcome_cannot_be_recorded_stays_in_the_log_as_unknown()
    {
        var name = RestCalls.UniqueName("unknown");
        // The attempt is recorded; every write after it (the outcome and its retries) fails.
        _storage.FailAfter(1);
        (await Silo.Http.CreateModel(name)).EnsureSuccessStatusCode();
        _storage.Heal();

        // Only the outcome names the created model: the attempt names the collection it was posted to.
        var entry = Assert.Single(await AuditLog.Entries(Silo.Http, $"action={AuditActions.ModelCreate}"),
            e => (string?)e!["outcome"] != nameof(AuditOutcome.Succeeded))!;
        Assert.Equal("models", (string?)entry["resource"]);
        Assert.Equal(nameof(AuditOutcome.Unknown), (string?)entry["outcome"]);
        Assert.Equal(HttpStatusCode.OK, (await Silo.Http.GetAsync($"/api/v1/models/{name}")).StatusCode);
    }
}
