namespace Mle.Endpoints;

/// <summary>
/// Why a canary's candidate was rolled back: the window's numbers when a threshold was crossed, recorded in the
/// audit log and shown by <c>GET .../variants</c>.
/// </summary>
/// <param name="Canary">The canary's path in the spec.</param>
/// <param name="Requests">Calls in the window.</param>
/// <param name="Errors">Failed calls in the window.</param>
/// <param name="ErrorRate">Errors / requests.</param>
/// <param name="P99Ms">The window's 99th percentile latency.</param>
/// <param name="Reason">Which threshold, in words.</param>
[GenerateSerializer, Immutable]
public sealed record RollbackEvidence(
    [property: Id(0)] string Canary,
    [property: Id(1)] int Requests,
    [property: Id(2)] int Errors,
    [property: Id(3)] double ErrorRate,
    [property: Id(4)] double P99Ms,
    [property: Id(5)] string Reason,
    [property: Id(6)] DateTimeOffset At);
