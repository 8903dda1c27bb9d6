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

    /// <summary>
    /// How many uploads (REST or SDK) one silo receives at once (default 4). Each holds a temporary file and, while
    /// it is inspected, the model in memory; one more is refused with 503 <c>too_many_uploads</c>, not queued.
    /// </summary>
    public int MaxConcurrentUploads { get; set; } = 4;

    /// <summary>The longest model or version description, in characters (default 4,096).</summary>
    public int MaxDescriptionLength { get; set; } = 4096;

    /// <summary>The most tags a model or a version may carry (default 64).</summary>
    public int MaxTags { get; set; } = 64;

    /// <summary>The longest tag key, in characters (default 128).</summary>
    public int MaxTagKeyLength { get; set; } = 128;

    /// <summary>The longest tag value, in characters (default 1,024).</summary>
    public int MaxTagValueLength { get; set; } = 1024;

    /// <summary>The most metrics a version may carry (default 128).</summary>
    public int MaxMetrics { get; set; } = 128;

    /// <summary>The longest metric name, in characters (default 128).</summary>
    public int MaxMetricNameLength { get; set; } = 128;

    /// <summary>
    /// How many idempotency keys of version uploads each model remembers (default 1,000, the newest kept):
    /// a retry with a key older than that, or older than <see cref="IdempotencyKeyRetention"/>, registers anew.
    /// </summary>
    public int MaxIdempotencyKeys { get; set; } = 1000;

    /// <summary>How long an idempotency key of a version upload is remembered (default 24 hours).</summary>
    public TimeSpan IdempotencyKeyRetention { get; set; } = TimeSpan.FromHours(24);

    /// <summary>The longest idempotency key, in characters (default 128).</summary>
    public int MaxIdempotencyKeyLength { get; set; } = 128;

    /// <summary>The most events one feature mart push (REST or SDK) may carry (default 10,000); more is 413 <c>too_many_events</c>.</summary>
    public int MaxEventsPerPush { get; set; } = 10_000;

    /// <summary>The most entities one feature lookup may ask for (default 1,000); more is 413 <c>too_many_entities</c>.</summary>
    public int MaxLookupEntities { get; set; } = 1000;
}
