using Microsoft.Data.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using Mle.Client;
using Mle.Data;
using Mle.Errors;
using Mle.Silo.Hosting;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Sdk;

/// <summary>The SDK as a .NET app uses it: a separate Orleans client connected through the silo's gateway.</summary>
public sealed class OutOfProcessClientTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private IHost? _host;

    private IModelsClient Models => _host!.Services.GetRequiredService<IMleClient>().Models;

    public async Task InitializeAsync()
    {
        var gatewayPort = fixture.Silo.Services.GetRequiredService<IOptions<ClusteringOptions>>().Value.GatewayPort;
        var builder = Host.CreateApplicationBuilder();
        builder.Services.AddMleClient(options =>
        {
            options.GatewayPort = gatewayPort;
            options.ApiKey = fixture.Silo.AdminKey;
        });
        _host = builder.Build();
        using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(60));
        await _host.StartAsync(timeout.Token);
    }

    public async Task DisposeAsync()
    {
        if (_host is not null)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            await _host.StopAsync(timeout.Token);
            _host.Dispose();
        }
    }

    [Fact]
    public async Task Register_alias_and_score_through_the_gateway()
    {
        var name = $"sdk-{Guid.NewGuid():N}"[..16];
        await Models.CreateAsync(name, "from the SDK", new Dictionary<string, string> { ["origin"] = "test" });
        using var artifact = new MemoryStream(TestModels.BinaryClassifier);
        var version = await Models.RegisterVersionAsync(name, artifact, new RegisterVersionOptions
        {
            Metrics = new Dictionary<string, double> { ["auc"] = 0.9 },
        });
        await Models.SetAliasAsync(name, "champion", version.Version);

        var rows = new[] { (1.5f, -0.5f), (-2f, 3f) };
        var result = await Models.ScoreAsync(name, "champion",
            rows.Select(r => (IReadOnlyDictionary<string, object?>)new Dictionary<string, object?> { ["X1"] = r.Item1, ["X2"] = r.Item2 }));

        Assert.Equal(version.Version, result.Version);
        var expected = Api.ReferencePredictions.Binary(rows);
        Assert.Equal(expected.Select(e => e.Probability), ((Column<float>)result.Predictions["Probability"]).Values);
        Assert.Equal(0.9, (await Models.GetVersionAsync(name, "champion")).Metrics["auc"]);
    }

    [Fact]
    public async Task Errors_arrive_as_typed_exceptions_with_stable_codes()
    {
        var missing = await Assert.ThrowsAsync<ModelNotFoundException>(() => Models.GetAsync("no-such-model"));
        Assert.Equal(ErrorCodes.ModelNotFound, missing.Code);

        var name = $"sdk-{Guid.NewGuid():N}"[..16];
        await Models.CreateAsync(name);
        var duplicate = await Assert.ThrowsAsync<ModelAlreadyExistsException>(() => Models.CreateAsync(name));
        Assert.Equal(ErrorCodes.ModelAlreadyExists, duplicate.Code);
        var noVersion = await Assert.ThrowsAsync<VersionNotFoundException>(() => Models.GetVersionAsync(name, "3"));
        Assert.Equal("3", noVersion.Target);
        var noAlias = await Assert.ThrowsAsync<AliasNotFoundException>(() => Models.GetVersionAsync(name, "champion"));
        Assert.Equal("champion", noAlias.Target);

        using var junk = new MemoryStream("not a model"u8.ToArray());
        var invalid = await Assert.ThrowsAsync<InvalidArtifactException>(() => Models.RegisterVersionAsync(name, junk));
        Assert.Equal(ErrorCodes.InvalidArtifact, invalid.Code);

        using var artifact = new MemoryStream(TestModels.BinaryClassifier);
        await Models.RegisterVersionAsync(name, artifact);
        var mismatch = await Assert.ThrowsAsync<SchemaMismatchException>(() => Models.ScoreAsync(name, "1",
            [new Dictionary<string, object?> { ["X1"] = 1f }]));
        Assert.Equal("X2", mismatch.Target);
    }

    [Fact]
    public async Task Cancelling_a_call_in_flight_ends_it_promptly()
    {
        // Another connection holds the database's write lock, so creating a model cannot finish on its own:
        // the storage waits up to its 30 s busy timeout. Only observing the cancellation ends the call sooner.
        await using var writeLock = new SqliteConnection($"Data Source={Path.Combine(fixture.Silo.DataDirectory, "mle.db")};Pooling=False");
        await writeLock.OpenAsync();
        await using (var begin = writeLock.CreateCommand())
        {
            begin.CommandText = "BEGIN IMMEDIATE;";
            await begin.ExecuteNonQueryAsync();
        }

        try
        {
            using var cancellation = new CancellationTokenSource();
            var call = Models.CreateAsync($"sdk-{Guid.NewGuid():N}"[..16], cancellationToken: cancellation.Token);
            Assert.False(call.IsCompleted);

            await cancellation.CancelAsync();

            await Assert.ThrowsAnyAsync<OperationCanceledException>(() => call.WaitAsync(TimeSpan.FromSeconds(10)));
        }
        finally
        {
            await using var rollback = writeLock.CreateCommand();
            rollback.CommandText = "ROLLBACK;";
            await rollback.ExecuteNonQueryAsync();
        }
    }
}
