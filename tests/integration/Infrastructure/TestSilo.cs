using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Data.Sqlite;
using System.Net.Http.Headers;
using Microsoft.Extensions.DependencyInjection;
using Mle.Security;
using Mle.Silo.Hosting;

namespace Mle.Tests.Integration.Infrastructure;

/// <summary>
/// The real silo application (<see cref="MleHost"/>, as <c>Program.cs</c> runs it), in-process on Kestrel
/// at 127.0.0.1 with a free HTTP port, free silo and gateway ports and its own temporary data directory.
/// It can be stopped and started again on the same data directory, which is deleted on dispose.
/// </summary>
public sealed class TestSilo : IAsyncDisposable
{
    private static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(30);

    private readonly IReadOnlyDictionary<string, string?> _settings;
    private readonly Action<IServiceCollection>? _services;
    private WebApplication? _app;
    private HttpClient? _http;

    private TestSilo(string dataDirectory, IReadOnlyDictionary<string, string?> settings, Action<IServiceCollection>? services)
    {
        DataDirectory = dataDirectory;
        _settings = settings;
        _services = services;
    }

    /// <summary>
    /// The installation's admin key (<c>Mle:Security:BootstrapKey</c>, admin of the default tenant), the same across
    /// restarts; <see cref="Http"/> sends it with every request.
    /// </summary>
    public string AdminKey { get; } = ApiKeyToken.Generate().ToString();

    /// <summary>
    /// <c>Mle:Security:ClusterSecret</c> of every silo this test run starts (in-process, child processes, test
    /// clusters), so that any of them may form a cluster; a test that wants it missing sets it to null.
    /// </summary>
    public static string ClusterSecret { get; } = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));

    /// <summary>The admin key as a raw request header line.</summary>
    public string AuthorizationHeader => $"Authorization: Bearer {AdminKey}";

    /// <summary>A client of the running silo that sends <paramref name="key"/> (none when null) instead of the admin key.</summary>
    public HttpClient ClientWithKey(string? key, TimeSpan? timeout = null)
    {
        var client = new HttpClient { BaseAddress = BaseAddress, Timeout = timeout ?? TimeSpan.FromSeconds(60) };
        if (key is not null)
        {
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", key);
        }
        return client;
    }

    /// <summary>The data directory; it outlives <see cref="StopAsync"/> and is removed by <see cref="DisposeAsync"/>.</summary>
    public string DataDirectory { get; }

    /// <summary>A client whose base address is the running silo's HTTP endpoint.</summary>
    public HttpClient Http => _http ?? throw new InvalidOperationException("The silo is not running.");

    /// <summary>The running application's services (grain factory, options, stores...).</summary>
    public IServiceProvider Services => _app?.Services ?? throw new InvalidOperationException("The silo is not running.");

    public IGrainFactory Grains => Services.GetRequiredService<IGrainFactory>();

    public Uri BaseAddress => Http.BaseAddress!;

    /// <summary>
    /// Starts a silo with the given <c>key → value</c> settings (e.g. <c>Mle:Limits:MaxBatchRows</c>) over the defaults;
    /// <paramref name="services"/> may replace a part (a storage that fails on demand) after the host registered its own.
    /// </summary>
    public static async Task<TestSilo> StartAsync(IReadOnlyDictionary<string, string?>? settings = null, Action<IServiceCollection>? services = null)
    {
        var dataDirectory = Path.Combine(Path.GetTempPath(), "mle-silo-" + Guid.NewGuid().ToString("N"));
        var silo = new TestSilo(dataDirectory, settings ?? new Dictionary<string, string?>(), services);
        try
        {
            await silo.StartAsync();
            return silo;
        }
        catch
        {
            await silo.DisposeAsync();
            throw;
        }
    }

    /// <summary>Starts the application (again), on the same data directory with fresh ports.</summary>
    public async Task StartAsync()
    {
        if (_app is not null)
        {
            throw new InvalidOperationException("The silo is already running.");
        }

        var builder = MleHost.CreateBuilder(Arguments());
        _services?.Invoke(builder.Services);
        var app = MleHost.Build(builder);
        using var timeout = new CancellationTokenSource(StartTimeout);
        try
        {
            await app.StartAsync(timeout.Token);
        }
        catch
        {
            // A host that failed to start (invalid settings) cannot be stopped; dispose it so the start's error surfaces.
            await app.DisposeAsync();
            throw;
        }

        _app = app;

        var address = app.Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses.First();
        _http = new HttpClient { BaseAddress = new Uri(address), Timeout = TimeSpan.FromSeconds(60) };
        _http.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", AdminKey);
    }

    /// <summary>Stops the application gracefully (bounded), keeping the data directory.</summary>
    public async Task StopAsync()
    {
        var app = _app;
        if (app is null)
        {
            return;
        }

        _http?.Dispose();
        _http = null;
        _app = null;
        using var timeout = new CancellationTokenSource(StopTimeout);
        try
        {
            await app.StopAsync(timeout.Token);
        }
        finally
        {
            await app.DisposeAsync();
        }
    }

    public async Task RestartAsync()
    {
        await StopAsync();
        await StartAsync();
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            await StopAsync();
        }
        finally
        {
            SqliteConnection.ClearAllPools();
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }
    }

    private string[] Arguments()
    {
        var ports = FreePorts.Take(2);
        var settings = new Dictionary<string, string?>
        {
            ["urls"] = "http://127.0.0.1:0",
            ["Mle:DataDirectory"] = DataDirectory,
            ["Mle:Clustering:SiloPort"] = ports[0].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Mle:Clustering:GatewayPort"] = ports[1].ToString(System.Globalization.CultureInfo.InvariantCulture),
            ["Logging:LogLevel:Default"] = "Warning",
            ["Mle:Security:BootstrapKey"] = AdminKey,
            ["Mle:Security:ClusterSecret"] = ClusterSecret,
        };
        foreach (var (key, value) in _settings)
        {
            settings[key] = value;
        }

        return settings.Where(setting => setting.Value is not null).Select(setting => $"--{setting.Key}={setting.Value}").ToArray();
    }
}
