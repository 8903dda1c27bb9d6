namespace Mle.Serving;

/// <summary>How a silo's serving seam dispatches scoring (<c>Mle:Serving</c>, beside <see cref="CatalogOptions"/>).</summary>
public sealed class ServingOptions
{
    public const string Section = CatalogOptions.Section;

    /// <summary>
    /// Whether requests that reach a silo (REST, the Open Inference Protocol, a co-hosted SDK client) are scored
    /// inline on the request's own thread, with the same code the <c>IScoringWorker</c> grain runs (default true),
    /// instead of by a call to that grain.
    /// </summary>
    /// <remarks>
    /// <para>
    /// Scoring a version never needs a grain: the model comes from the silo's shared cache, the version's facts from
    /// the silo's catalog, and a worker activation holds nothing between calls. Inline, a request saves the grain
    /// call's two thread hops (request thread to the Orleans scheduler and back), its message and its task, which on a
    /// single row are most of the platform's cost over the raw model.
    /// </para>
    /// <para>
    /// What changes: validation, errors, the <c>mle.score</c> activity and the scoring metrics are identical, but
    /// HTTP scoring is no longer a grain call, so the Orleans dashboard and the Orleans grain-call metrics count only
    /// scoring that does go through the grain (SDK clients outside the silo); the platform's own
    /// <c>mle.scoring.*</c> metrics count both. Concurrency is bounded by Kestrel's connections and the thread pool
    /// instead of the stateless worker's per-silo activation limit, and scoring no longer runs on the Orleans
    /// scheduler, so it does not delay grain turns queued behind it. Set false to send every request through the
    /// grain (for example, to watch HTTP scoring on the dashboard).
    /// </para>
    /// </remarks>
    public bool InlineScoring { get; set; } = true;
}
