namespace Mle.Silo.Hosting;

/// <summary>Where grain state and reminders live (<c>Mle:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Mle:Storage";
    public const string Embedded = "Embedded";
    public const string Memory = "Memory";
    public const string Redis = "Redis";
    public const string AzureTables = "AzureTables";
    public const string AzureBlobs = "AzureBlobs";
    public const string PostgreSql = "PostgreSql";

    /// <summary>
    /// Embedded (a SQLite file under the data directory: one silo only), Memory (lost on restart), Redis, AzureTables
    /// (state and reminders in tables), AzureBlobs (state in blobs, reminders in tables) or PostgreSql.
    /// </summary>
    public string Provider { get; set; } = Embedded;

    /// <summary>
    /// The Redis configuration string, Azure Storage connection string or Npgsql connection string; required by those
    /// providers. PostgreSql: the Orleans storage and reminder tables are created in that database at the first start.
    /// </summary>
    public string? ConnectionString { get; set; }

    /// <summary>The embedded database file, relative to the data directory.</summary>
    public string DatabaseFile { get; set; } = "mle.db";

    /// <summary>
    /// Embedded only: whether concurrent grains' writes share one transaction and one fsync (group commit). A write
    /// returns once durable either way (WAL, <c>synchronous=FULL</c>: it survives a process crash and a power loss);
    /// false commits each write in its own transaction, one fsync each.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>Embedded only: the most writes one group commit carries (at least 1).</summary>
    public int MaxWritesPerCommit { get; set; } = 512;

    /// <summary>
    /// Embedded only: the most writes waiting for the next group commit, per storage provider (at least 1); a grain
    /// writing beyond it waits for room, which bounds the memory queued states take.
    /// </summary>
    public int MaxQueuedWrites { get; set; } = 4096;

    /// <summary>The embedded database file as an absolute path.</summary>
    public string DatabasePath(string dataPath) => Path.Combine(dataPath, DatabaseFile);
}
