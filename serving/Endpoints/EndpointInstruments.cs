using System.Diagnostics.Metrics;

namespace Mle.Endpoints;

/// <summary>
/// The OpenTelemetry instruments endpoint metrics also go to (the silo passes <c>MleTelemetry</c>'s), tagged with
/// the endpoint, the node's path, the kind and the variant's name.
/// </summary>
public sealed record EndpointInstruments(Counter<long> Calls, Counter<long> Errors, Histogram<double> LatencyMs, Histogram<double> Scores);
