namespace Mle.Configuration;

/// <summary>
/// Every limit the platform enforces on what a caller sends (<c>Mle:Limits</c>), checked on start by
/// <see cref="LimitsOptionsValidator"/>. Crossing one is 413 (a size) or 429 (a rate), and the problem's
/// <c>limit</c> member names the setting and its value. Still to come with their features: the events of one push
/// (feature mart) and the complexity of pipeline expressions (pipelines).
/// </summary>
public sealed class LimitsOptions
{
    public const string Section = "Mle:Limits";

    /// <summary>The largest artifact a version may have, in bytes (default 256 MiB).</summary>
    public long MaxArtifactBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>
    /// The most bytes an ML.NET model zip may expand to, summed over its entries as their headers declare them
    /// (default 1 GiB). A zip over it (a zip bomb: a small upload that expands hugely) is refused at inspection with
    /// 413 <c>artifact_expands_too_far</c> before anything is expanded; reading an entry never goes past its declared size.
    /// </summary>
    public long MaxArtifactExpandedBytes { get; set; } = 1024L * 1024 * 1024;

    /// <summary>The most entries an ML.NET model zip may hold (default 10,000); more is 413 <c>artifact_expands_too_far</c>.</summary>
    public int MaxArtifactEntries { get; set; } = 10_000;

    /// <summary>
    /// The longest input or output column name a model may declare, in characters (default 1,024). A model with a
    /// longer one (an ONNX header can name a tensor with megabytes) is refused at inspection with 422 <c>invalid_artifact</c>.
    /// </summary>
    public int MaxColumnNameLength { get; set; } = 1024;

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

    /// <summary>
    /// How many requests (REST and SDK alike) one key, or one token's subject, may have in progress on one silo at once
    /// (default 128, 1 to 100,000). One more is answered 429 <c>too_many_requests</c> at once, not queued; requests
    /// of other keys are not affected. Counted per silo: behind a load balancer over N silos a key may have up to N
    /// times this. Not applied with <c>Mle:Security:Enabled=false</c>, where every caller is the same anonymous admin.
    /// </summary>
    public int MaxConcurrentRequestsPerKey { get; set; } = 128;

    /// <summary>
    /// How many requests per second one key may start on one silo (default 0: no limit; up to 1,000,000). A token
    /// bucket: a key may burst to a second's worth, then one more is 429 <c>too_many_requests</c> with a
    /// <c>Retry-After</c>.
    /// </summary>
    public int MaxRequestsPerSecondPerKey { get; set; }

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

    /// <summary>
    /// The most rows one point-in-time training set may have (default 1,000,000, 1 to 100,000,000); more is 413
    /// <c>training_set_too_large</c> and nothing is stored. Rows stream through in chunks, so this bounds the work
    /// and the dataset, not memory.
    /// </summary>
    public int MaxTrainingSetRows { get; set; } = 1_000_000;

    /// <summary>
    /// The largest body of a training-set request (JSON rows inline, or a CSV upload), in bytes (default 256 MiB):
    /// that route's own ceiling instead of <see cref="MaxRequestBytes"/>; more is 413 <c>request_too_large</c>. A JSON
    /// body is parsed whole (its rows are held once); a CSV body streams.
    /// </summary>
    public long MaxTrainingSetInputBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest dataset a training set may write, in bytes (default 4 GiB); more is 413 <c>training_set_too_large</c>.</summary>
    public long MaxDatasetBytes { get; set; } = 4L * 1024 * 1024 * 1024;
}
