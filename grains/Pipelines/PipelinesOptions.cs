namespace Mle.Pipelines;

/// <summary>How pipelines run (<c>Mle:Pipelines</c>), checked on start by <see cref="PipelinesOptionsValidator"/>.</summary>
public sealed class PipelinesOptions
{
    public const string Section = "Mle:Pipelines";

    /// <summary>
    /// The most events one pipeline may have in flight, pushed but not yet processed, kept while paused included
    /// (default 10,000, 1 to 10,000,000). A push that would pass it is answered 429 <c>too_many_requests</c> naming this
    /// setting, and changes nothing: backpressure instead of an unbounded queue.
    /// </summary>
    public int MaxInFlightEvents { get; set; } = 10_000;

    /// <summary>
    /// How much in-flight room a pipeline lends a silo at once beyond the push that asks (default 1,000 events, 0 to
    /// 1,000,000; at most half of what is free under <see cref="MaxInFlightEvents"/>): that silo's next pushes are then
    /// admitted on the silo itself, without a call to the pipeline's grain each. Room lent and not yet used counts as in
    /// flight (the bound is conservative across silos, exact through one) and goes back after
    /// <see cref="AdmissionLeaseTime"/>. 0 asks the pipeline for every push.
    /// </summary>
    public int AdmissionLeaseEvents { get; set; } = 1000;

    /// <summary>
    /// How long a silo admits pushes from one lease of in-flight room before asking the pipeline again (default 1 s,
    /// 10 ms to 1 minute); room it has not used by then goes back. Every lifecycle change takes leases back before it
    /// returns, so this only bounds a silo that missed that (the state its pushes are told, and the pipeline's
    /// in-flight count, which includes unused room until it is given back).
    /// </summary>
    public TimeSpan AdmissionLeaseTime { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// How many partitions each pipeline's input is spread over (default 8, 1 to 256): each is its own stream and
    /// consumer grain, placed over the silos, so this is how many silos can process one pipeline at once. In a pipeline
    /// with keyed steps (see <see cref="OrderEveryPipelineByEntity"/>), events of one entity (or, without an entity,
    /// one id) always land in the same partition, in order. Changing it re-spreads new events only; set it before
    /// pipelines carry traffic.
    /// </summary>
    public int Partitions { get; set; } = 8;

    /// <summary>
    /// Whether every pipeline's pushes are spread by entity (default false: only those of pipelines with a keyed step,
    /// featurize, enrich or a feature set sink). Spread by entity, one entity's events stay in order, but a small push
    /// is a stream message per partition its entities fall in (a push of 10 events over 8 partitions: about 6); the
    /// pushes of a pipeline of stateless steps otherwise go whole onto one partition, the next ones onto the next
    /// partitions (one stream message per push, or per group of pushes joined on a silo), and the order of outputs
    /// across pushes is not kept. Set it when a sink's receiver relies on one entity's order.
    /// </summary>
    public bool OrderEveryPipelineByEntity { get; set; }

    /// <summary>
    /// The most events of stream sources one paused pipeline keeps for resume (default 10,000, 1 to 10,000,000), each
    /// partition at most its share (this divided by <see cref="Partitions"/>, rounded up). Pushes are bounded by
    /// <see cref="MaxInFlightEvents"/>; a stream source is not, so this bounds it instead: a delivery that would pass a
    /// partition's share is refused, the stream does not acknowledge it and delivers it again after a backoff until the
    /// pipeline resumes (back-pressure: the stream's queue holds the events, nothing acknowledged is lost). A pause
    /// longer than <c>Mle:Streams:MaxEventDeliveryTime</c> with a full share makes the stream give up on that delivery.
    /// </summary>
    public int MaxKeptSourceEvents { get; set; } = 10_000;

    /// <summary>
    /// The most events a partition joins into one worker call when the stream delivers it several queued batches at
    /// once (default 1,000, 1 to 100,000): under load, many small pushes then cost one worker call, one sink write and
    /// one report together instead of one each. A push larger than this is still processed whole.
    /// </summary>
    public int MaxEventsPerCall { get; set; } = 1000;

    /// <summary>
    /// How long a silo adds up the reports of the batches its partitions processed before sending the sum to the
    /// pipeline (default 20 ms, 0 to 10 s): one call per pipeline and silo per interval instead of one per batch. The
    /// pipeline's counters and in-flight count follow the processing by at most this much.
    /// </summary>
    public TimeSpan ReportInterval { get; set; } = TimeSpan.FromMilliseconds(20);

    /// <summary>
    /// The most dead letters one pipeline keeps (default 10,000, 1 to 1,000,000); beyond it the oldest are dropped,
    /// and the pipeline's counters still count them as failed.
    /// </summary>
    public int MaxDeadLetters { get; set; } = 10_000;

    /// <summary>How many times a webhook sink tries one delivery before its records are dead-lettered (default 5, 1 to 20).</summary>
    public int WebhookAttempts { get; set; } = 5;

    /// <summary>The wait before a webhook's second attempt, doubled for each attempt after it (default 200 ms, 0 to 1 minute).</summary>
    public TimeSpan WebhookBackoff { get; set; } = TimeSpan.FromMilliseconds(200);

    /// <summary>How long one webhook POST may take before it counts as failed (default 10 s, 100 ms to 5 minutes).</summary>
    public TimeSpan WebhookTimeout { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>The longest definition <c>POST /api/v1/pipelines</c> takes, in characters (default 256 Ki, 1 Ki to 16 Mi).</summary>
    public int MaxDefinitionBytes { get; set; } = 256 * 1024;

    /// <summary>The most definition versions one pipeline keeps (default 1,000, 1 to 100,000); one more is refused, never an old one dropped.</summary>
    public int MaxVersions { get; set; } = 1000;

    /// <summary>
    /// How often a pipeline's counters (pipeline, steps, latency, per silo) are saved while events flow (default 10 s,
    /// 1 s to 1 hour); they are also saved at every lifecycle change and on deactivation. A crash loses at most this
    /// much of the counters; never events.
    /// </summary>
    public TimeSpan CountersSaveInterval { get; set; } = TimeSpan.FromSeconds(10);

    /// <summary>
    /// How long a silo trusts its copy of which pipelines read a source namespace before reading it again (default
    /// 30 s, 1 s to 1 hour). Every change is pushed to each silo at once; this bounds how long a silo that missed the
    /// push keeps the old list.
    /// </summary>
    public TimeSpan SourceRefreshInterval { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How long a change of a source namespace's readers waits for one silo to take it (default 5 s, 100 ms to 1
    /// minute); a silo that does not is logged and catches up within <see cref="SourceRefreshInterval"/>.
    /// </summary>
    public TimeSpan SourceUpdateTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The hosts a webhook sink may post to: exact names or addresses (<c>hooks.example.com</c>, <c>10.0.0.7</c>),
    /// <c>*.example.com</c> for any subdomain, or <c>*</c> for any host. Unset (the default) allows any host, so a
    /// single-process developer setup posts to <c>127.0.0.1</c> as it is; a production deployment lists its receivers
    /// (<c>Mle__Pipelines__WebhookAllowedHosts__0=hooks.example.com</c>), and a definition naming another host is
    /// refused with 400 <c>invalid_pipeline</c> naming the step and this setting. An empty list allows none.
    /// </summary>
    public string[]? WebhookAllowedHosts { get; set; }
}
