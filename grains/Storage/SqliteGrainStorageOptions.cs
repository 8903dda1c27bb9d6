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
}
