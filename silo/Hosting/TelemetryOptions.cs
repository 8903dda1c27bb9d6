namespace Mle.Silo.Hosting;

/// <summary>
/// <c>Mle:Telemetry</c>: whether traces are recorded and how many. Recording spans no one collects costs a
/// third of the gateway's throughput (bench/results.md), so by default traces are recorded exactly when
/// there is somewhere to send them: an OTLP endpoint. Metrics are always on (scraped at <c>/metrics</c>).
/// </summary>
public sealed class TelemetryOptions
{
    public const string Section = "Mle:Telemetry";

    /// <summary>true or false to force tracing on or off; unset means "on when OTEL_EXPORTER_OTLP_ENDPOINT is set".</summary>
    public bool? Tracing { get; set; }

    /// <summary>The share of new traces recorded, 0 to 1 (parent-based: a sampled caller's trace is always continued).</summary>
    public double TraceSampleRatio { get; set; } = 1.0;

    /// <summary>
    /// How often the dashboard samples a silo's runtime statistics for its charts (1 second to 1 minute; 5 seconds by
    /// default, the dashboard's own default being 1 second). Each sample is a timer turn and a management grain call on
    /// every silo, whether or not anyone has the dashboard open: on a 2-core silo that background work is CPU taken from
    /// requests. The charts move at this pace and keep the dashboard's 100 samples of history; the grain call profile does
    /// not depend on it (it runs only while the dashboard is read).
    /// </summary>
    public TimeSpan DashboardSampleInterval { get; set; } = TimeSpan.FromSeconds(5);
}
