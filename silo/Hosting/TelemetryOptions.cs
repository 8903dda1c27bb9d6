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
}
