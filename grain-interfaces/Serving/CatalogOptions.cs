namespace Mle.Serving;

/// <summary>How a <see cref="ModelCatalog"/> caches the registry (<c>Mle:Serving</c>).</summary>
public sealed class CatalogOptions
{
    public const string Section = "Mle:Serving";

    /// <summary>
    /// The longest a cached <see cref="Registry.ServingSnapshot"/> is used before it is read again
    /// (default 2 seconds). Push invalidation normally makes a change visible sooner; this interval is
    /// the bound when a push is lost, and the only mechanism for catalogs outside a silo (the SDK).
    /// </summary>
    public TimeSpan CatalogRefreshInterval { get; set; } = TimeSpan.FromSeconds(2);

    /// <summary>
    /// How long a model grain waits for one silo to acknowledge an invalidation before giving up on it
    /// (default 5 seconds); that silo then catches up within <see cref="CatalogRefreshInterval"/>.
    /// </summary>
    public TimeSpan InvalidationTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>The most version details kept (least recently used are dropped first; default 1,024).</summary>
    public int MaxCachedVersions { get; set; } = 1024;
}
