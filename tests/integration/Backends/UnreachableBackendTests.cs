using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using Mle.Silo.Hosting.Backends;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Backends;

/// <summary>
/// A wrong or unreachable backend fails the start within <c>Mle:Startup:BackendTimeout</c> (2 s here), with a
/// message naming the setting and the endpoint, instead of hanging in the providers' retries. A closed port is
/// refused at once; a server that accepts the connection and never answers is cut off at the deadline.
/// </summary>
public sealed class UnreachableBackendTests
{
    private const string Timeout = "00:00:02";

    /// <summary>Far above the deadline (a loaded machine), far below what a hang in a provider's retries would take.</summary>
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    private static readonly string AzuriteKey = "Eby8vdM02xNOcqFlqUwJPLlmEtlCDXJ1OUzFT50uSRZ6IFsuFq2UVErCz4I6tq/K1SZFPTOtr/KBHBeksoGMGw==";

    [Fact]
    public async Task Redis_on_a_closed_port_fails_the_start_naming_both_settings_and_the_endpoint()
    {
        var endpoint = ClosedEndpoint();

        var message = await StartFails(new()
        {
            ["Mle:Clustering:Provider"] = "Redis",
            ["Mle:Clustering:ConnectionString"] = endpoint,
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = endpoint,
            ["Mle:Artifacts:Shared"] = "true",
        });

        Assert.Contains($"Mle:Clustering:ConnectionString: {endpoint}", message);
        Assert.Contains($"Mle:Storage:ConnectionString: {endpoint}", message);
    }

    [Fact]
    public async Task Postgres_on_a_closed_port_fails_the_start_naming_the_setting_and_the_endpoint()
    {
        var port = FreePorts.Take(1)[0];

        var message = await StartFails(new()
        {
            ["Mle:Storage:Provider"] = "PostgreSql",
            ["Mle:Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=postgres;Password=secret-password;Database=mle",
        });

        Assert.Contains($"Mle:Storage:ConnectionString: 127.0.0.1:{port}/mle", message);
        Assert.DoesNotContain("secret-password", message);
    }

    [Fact]
    public async Task Azure_tables_on_a_closed_port_fail_the_start_naming_the_setting_and_the_endpoint()
    {
        var port = FreePorts.Take(1)[0];

        var message = await StartFails(new()
        {
            ["Mle:Clustering:Provider"] = "AzureTables",
            ["Mle:Clustering:ConnectionString"] = Azure(port),
            ["Mle:Storage:Provider"] = "Memory",
            ["Mle:Artifacts:Shared"] = "true",
        });

        Assert.Contains($"Mle:Clustering:ConnectionString: http://127.0.0.1:{port}/devstoreaccount1", message);
        Assert.DoesNotContain(AzuriteKey, message);
    }

    [Fact]
    public async Task Azure_queue_streams_on_a_closed_port_fail_the_start_naming_the_setting_and_the_endpoint()
    {
        var port = FreePorts.Take(1)[0];

        var message = await StartFails(new()
        {
            ["Mle:Streams:Provider"] = "AzureQueue",
            ["Mle:Streams:ConnectionString"] = Azure(port),
        });

        Assert.Contains($"Mle:Streams:ConnectionString: http://127.0.0.1:{port}/devstoreaccount1", message);
    }

    [Fact]
    public async Task A_blob_artifact_store_on_a_closed_port_fails_the_start_naming_the_setting_and_the_endpoint()
    {
        var port = FreePorts.Take(1)[0];

        var message = await StartFails(new()
        {
            ["Mle:Artifacts:Provider"] = "AzureBlob",
            ["Mle:Artifacts:ConnectionString"] = Azure(port),
        });

        Assert.Contains($"Mle:Artifacts:ConnectionString: http://127.0.0.1:{port}/devstoreaccount1", message);
    }

    [Fact]
    public async Task An_event_hub_that_cannot_be_reached_fails_the_start_naming_the_setting_and_the_hub()
    {
        var port = FreePorts.Take(1)[0];

        var message = await StartFails(new()
        {
            ["Mle:Streams:Provider"] = "EventHubs",
            ["Mle:Streams:ConnectionString"] = string.Create(CultureInfo.InvariantCulture,
                $"Endpoint=sb://127.0.0.1:{port};SharedAccessKeyName=listen;SharedAccessKey=c2VjcmV0;UseDevelopmentEmulator=true"),
            ["Mle:Streams:EventHubName"] = "events",
            ["Mle:Streams:CheckpointConnectionString"] = Azure(FreePorts.Take(1)[0]),
        });

        Assert.Contains("Mle:Streams:ConnectionString: 127.0.0.1/events", message);
        Assert.Contains("Mle:Streams:CheckpointConnectionString: http://127.0.0.1:", message);
    }

    [Fact]
    public async Task A_redis_server_that_accepts_but_never_answers_fails_the_start_at_the_deadline()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var endpoint = $"127.0.0.1:{((IPEndPoint)silent.LocalEndpoint).Port}";
        using var accepting = new CancellationTokenSource();
        var accepted = AcceptAndIgnore(silent, accepting.Token);

        var message = await StartFails(new()
        {
            ["Mle:Storage:Provider"] = "Redis",
            ["Mle:Storage:ConnectionString"] = endpoint,
        });
        await accepting.CancelAsync();
        await accepted;

        Assert.Contains($"Mle:Storage:ConnectionString: {endpoint}", message);
    }

    [Fact]
    public async Task A_postgres_server_that_accepts_but_never_answers_fails_the_start_at_the_deadline()
    {
        using var silent = new TcpListener(IPAddress.Loopback, 0);
        silent.Start();
        var port = ((IPEndPoint)silent.LocalEndpoint).Port;
        using var accepting = new CancellationTokenSource();
        var accepted = AcceptAndIgnore(silent, accepting.Token);

        var message = await StartFails(new()
        {
            ["Mle:Storage:Provider"] = "PostgreSql",
            ["Mle:Storage:ConnectionString"] = $"Host=127.0.0.1;Port={port};Username=postgres;Database=mle",
        });
        await accepting.CancelAsync();
        await accepted;

        Assert.Contains($"Mle:Storage:ConnectionString: 127.0.0.1:{port}/mle did not answer within 2 s (Mle:Startup:BackendTimeout)", message);
    }

    private static async Task<string> StartFails(Dictionary<string, string?> settings)
    {
        settings["Mle:Startup:BackendTimeout"] = Timeout;
        var started = Stopwatch.StartNew();

        var error = await Assert.ThrowsAsync<BackendUnreachableException>(() => TestSilo.StartAsync(settings));

        Assert.True(started.Elapsed < Bound, $"The start took {started.Elapsed} to fail: {error.Message}");
        return error.Message;
    }

    private static string ClosedEndpoint() => string.Create(CultureInfo.InvariantCulture, $"127.0.0.1:{FreePorts.Take(1)[0]}");

    private static string Azure(int port) => string.Create(CultureInfo.InvariantCulture,
        $"DefaultEndpointsProtocol=http;AccountName=devstoreaccount1;AccountKey={AzuriteKey};" +
        $"BlobEndpoint=http://127.0.0.1:{port}/devstoreaccount1;QueueEndpoint=http://127.0.0.1:{port}/devstoreaccount1;" +
        $"TableEndpoint=http://127.0.0.1:{port}/devstoreaccount1;");

    /// <summary>Accepts connections and holds them open without a byte in answer, until cancelled.</summary>
    private static async Task AcceptAndIgnore(TcpListener listener, CancellationToken cancellation)
    {
        var held = new List<TcpClient>();
        try
        {
            while (true)
            {
                held.Add(await listener.AcceptTcpClientAsync(cancellation));
            }
        }
        catch (OperationCanceledException)
        {
            // The test is over.
        }
        finally
        {
            held.ForEach(client => client.Dispose());
        }
    }
}
