namespace Mle.Configuration;

/// <summary>Every size limit the platform enforces (<c>Mle:Limits</c>), checked on start by <see cref="LimitsOptionsValidator"/>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Mle:Limits";

    /// <summary>The largest artifact a version may have, in bytes (default 256 MiB).</summary>
    public long MaxArtifactBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest scoring request body, in bytes (default 32 MiB).</summary>
    public long MaxRequestBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most rows one scoring request may carry (default 10,000).</summary>
    public int MaxBatchRows { get; set; } = 10_000;

    /// <summary>
    /// The longest request target (path and query, as sent) the gateway reads, in bytes (default 8 KiB, Kestrel's
    /// own default). A longer one is answered 414 <c>url_too_long</c> with a problem-details body. Kestrel's
    /// request-line ceiling is set to eight times this, so over-long targets reach the gateway and get a coded
    /// answer; only beyond that ceiling does Kestrel refuse the request itself, with an empty 414. Between 256 bytes
    /// and 1 MiB.
    /// </summary>
    public int MaxUrlBytes { get; set; } = 8 * 1024;
}
