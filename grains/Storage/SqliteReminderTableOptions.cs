namespace Mle.Storage;

/// <summary>Options of <see cref="SqliteReminderTable"/>.</summary>
public sealed class SqliteReminderTableOptions
{
    /// <summary>The database file; it may be the one grain state uses.</summary>
    public string DatabasePath { get; set; } = "";
}
