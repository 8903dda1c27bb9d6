namespace Mle.Serving;

/// <summary>How a <see cref="ModelCatalog"/> caches the registry (<c>Mle:Serving</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Mle:Serving";

    /// <summary>
    /// How long a cached <see cref="Registry.ServingSnapshot"/> is trusted before it is read again (default
    /// 2 seconds); past half of it, traffic triggers a background re-read. Push updates normally make a change
    /// visible sooner; this interval is the bound when a push is lost, and the only mechanism for catalogs outside a
    /// silo (the SDK).
    /// </summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a request whose snapshot is past <see cref="CatalogRefreshInterval"/> waits for the re-read before
    /// it is served by the snapshot in hand (default 100 ms). A slow or unreachable registry thus delays a request
    /// by at most this much, and never fails one that a previous snapshot can serve.
    /// </summary>
    public TimeSpan StaleRefreshWait { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// How long a model grain waits for one silo to acknowledge an update before giving up on it
    /// (default 5 seconds); that silo then catches up within <see cref="CatalogRefreshInterval"/>.
    /// </summary>
    public TimeSpan InvalidationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// The most models whose snapshots are kept, including names remembered as missing (least recently used are
    /// dropped first; default 10,000): a stream of unknown names cannot grow a silo's memory.
    /// </summary>
    public int MaxCachedModels { get; set; } = 10_000;

    /// <summary>
    /// How long a model that does not exist is remembered as missing (default 1 second): long enough to absorb a
    /// burst of requests for a mistyped name, short enough that a new model is served at once where no push reaches.
    /// </summary>
    public TimeSpan MissingModelTtl { get; set; } = TimeSpan.FromSeconds(1);

    /// <summary>The most version details kept (least recently used are dropped first; default 1,024).</summary>
    public int MaxCachedVersions { get; set; } = 1024;
}
