namespace Mle.Silo.Hosting;

/// <summary>How long the start waits for what the silo depends on (<c>Mle:Startup</c>).</summary>
public sealed class StartupOptions
{
    public const string Section = "Mle:Startup";

    /// <summary>
    /// How long the start waits for each configured backend (database, Redis, Azure Storage, Event Hubs) to answer
    /// before it fails, naming the setting and the endpoint (default 30 seconds). Must be positive.
    /// </summary>
    public TimeSpan BackendTimeout { get; set; } = TimeSpan.FromSeconds(30);
}
