using Orleans.Storage;

namespace Mle.Storage;

/// <summary>Options of one <see cref="SqliteGrainStorage"/> provider (named by the provider name).</summary>
public sealed class SqliteGrainStorageOptions
{
    /// <summary>The database file. Several providers may share one file: rows are keyed by provider name.</summary>
    public string DatabasePath { get; set; } = "";

    /// <summary>
    /// How state is turned into bytes. Null selects Orleans' binary serializer, which round-trips every
    /// <c>[GenerateSerializer]</c> type (records, read-only collections) exactly as grain calls do.
    /// </summary>
    public IGrainStorageSerializer? GrainStorageSerializer { get; set; }

    /// <summary>
    /// Whether concurrent writes share one transaction and one fsync (group commit; default true). False commits
    /// every write in its own transaction. Either way a write returns only once it is durable.
    /// </summary>
    public bool GroupCommit { get; set; } = true;

    /// <summary>The most writes (and clears) one group commit carries; at least 1. Default 512.</summary>
    public int MaxWritesPerCommit { get; set; } = 512;

    /// <summary>
    /// The most writes waiting for the next group commit; a grain writing beyond it waits for room, which bounds the
    /// memory the queued states take. At least 1. Default 4,096.
    /// </summary>
    public int MaxQueuedWrites { get; set; } = 4096;
}
