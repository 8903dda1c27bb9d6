using System.Net;
using System.Text.Json;
using Mle.Telemetry;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Hosting;

public sealed class SiloHostTests(SiloFixture fixture) : IClassFixture<SiloFixture>
{
    private TestSilo Silo => fixture.Silo;

    [Fact]
    public async Task Live_answers_while_the_process_runs()
    {
        using var response = await Silo.Http.GetAsync("/healthz/live");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Ready_answers_once_the_silo_is_active()
    {
        using var response = await Silo.Http.GetAsync("/healthz/ready");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("Healthy", await response.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task The_dashboard_serves_its_page()
    {
        using var response = await Silo.Http.GetAsync("/dashboard");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/html", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("<html", await response.Content.ReadAsStringAsync(), StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_dashboard_reads_the_cluster()
    {
        using var response = await Silo.Http.GetAsync("/dashboard/ClusterStats");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_openapi_document_is_json()
    {
        using var response = await Silo.Http.GetAsync("/openapi/v1.json");

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        using var document = JsonDocument.Parse(await response.Content.ReadAsStringAsync());
        Assert.True(document.RootElement.TryGetProperty("openapi", out _));
        Assert.True(document.RootElement.TryGetProperty("paths", out var paths));
        Assert.DoesNotContain(paths.EnumerateObject(), path => path.Name.StartsWith("/dashboard", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Metrics_expose_the_Orleans_meter_and_the_platform_meter()
    {
        // Activity for every meter: an HTTP request, a grain call through the runtime, a platform measurement.
        (await Silo.Http.GetAsync("/healthz/live")).Dispose();
        await Silo.Grains.GetGrain<ICounterGrain>("metrics").Increment();
        MleTelemetry.RowsScored.Add(3, "default/metrics", "mlnet");

        using var response = await Silo.Http.GetAsync("/metrics");
        var exposition = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("\norleans_", exposition);
        Assert.Contains("\nmle_scoring_rows", exposition);
        Assert.Contains("\nhttp_server_request_duration", exposition);
        // Observing it walks Orleans' whole directory cache on every collection (Hosting/Telemetry.cs).
        Assert.DoesNotContain("orleans_directory_cache_size", exposition);
    }
}
