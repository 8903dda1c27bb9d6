using Mle.Telemetry;
using OpenTelemetry;
using OpenTelemetry.Logs;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace Mle.Silo.Hosting;

/// <summary>Traces, metrics and logs through OpenTelemetry: a Prometheus scrape always, OTLP when an endpoint is set.</summary>
internal static class Telemetry
{
    public const string ServiceName = "orleans-mle";
    public const string MetricsPath = "/metrics";

    /// <summary>The standard variable the OTLP exporter reads; its presence is the switch.</summary>
    private const string OtlpEndpointVariable = "OTEL_EXPORTER_OTLP_ENDPOINT";

    private static readonly string[] ActivitySources = ["Microsoft.Orleans.Runtime", "Microsoft.Orleans.Application", MleTelemetry.Name];
    private static readonly string[] Meters = ["Microsoft.Orleans", MleTelemetry.Name];

    /// <summary>
    /// Kestrel's buffer pool meter (<c>aspnetcore.memory_pool.*</c>), which the ASP.NET Core instrumentation turns on:
    /// it records a measurement each time a buffer is rented or returned, several per request, and was a fifth of the
    /// gateway's metric work on a single-row score (profiled) for figures about Kestrel's own buffers. Not collected.
    /// </summary>
    private const string KestrelMemoryPoolMeter = "Microsoft.AspNetCore.MemoryPool";

    /// <summary>
    /// Routing's count of route matches (<c>aspnetcore.routing.match_attempts</c>): one more metric measurement on every
    /// request, for what <c>http.server.request.duration</c> already tells by route and status (an unmatched request is
    /// a 404 there). Not collected.
    /// </summary>
    private const string RouteMatchAttempts = "aspnetcore.routing.match_attempts";

    /// <summary>
    /// Orleans' size of its grain directory cache (<c>orleans_directory_cache_size</c>): observing it walks the whole cache
    /// table to count the entries, about 25 ms of CPU on every collection (the dashboard's every 5 seconds, and every
    /// scrape) whether the cache holds three entries or a million: a pause of one of two cores that requests in flight
    /// wait behind, for a figure only Orleans' own developers read. Not collected.
    /// </summary>
    private const string DirectoryCacheSize = "orleans-directory-cache-size";

    public static WebApplicationBuilder AddMleTelemetry(this WebApplicationBuilder builder, TelemetryOptions options)
    {
        var exporting = !string.IsNullOrWhiteSpace(builder.Configuration[OtlpEndpointVariable]);
        var tracing = options.Tracing ?? exporting;

        builder.Logging.AddOpenTelemetry(logging =>
        {
            logging.IncludeScopes = true;
            logging.IncludeFormattedMessage = true;
        });

        var telemetry = builder.Services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName));
        if (tracing)
        {
            telemetry.WithTracing(traces => traces
                .SetSampler(new ParentBasedSampler(new TraceIdRatioBasedSampler(options.TraceSampleRatio)))
                .AddAspNetCoreInstrumentation()
                .AddHttpClientInstrumentation()
                .AddSource(ActivitySources));
        }
        telemetry.WithMetrics(metrics => metrics
                .AddAspNetCoreInstrumentation()
                .AddView(instrument => instrument.Meter.Name == KestrelMemoryPoolMeter ? MetricStreamConfiguration.Drop : null)
                .AddView(RouteMatchAttempts, MetricStreamConfiguration.Drop)
                .AddView(DirectoryCacheSize, MetricStreamConfiguration.Drop)
                .AddRuntimeInstrumentation()
                .AddMeter(Meters)
                .AddPrometheusExporter());

        if (exporting)
        {
            telemetry.UseOtlpExporter();
        }

        return builder;
    }

    public static WebApplication MapMleTelemetry(this WebApplication app)
    {
        // A scraper sends Mle:Security:MetricsKey; an installation admin's key works too.
        app.MapPrometheusScrapingEndpoint(MetricsPath).RequireAuthorization(Security.InstallationAdmin.MetricsPolicy);
        return app;
    }
}
