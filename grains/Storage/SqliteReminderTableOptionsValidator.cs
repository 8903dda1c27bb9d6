using Microsoft.Extensions.Options;

namespace Mle.Storage;

/// <summary>Fails startup when the SQLite reminder table has no database file.</summary>
internal sealed class SqliteReminderTableOptionsValidator : IValidateOptions<SqliteReminderTableOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteReminderTableOptions options) =>
        string.IsNullOrWhiteSpace(options.DatabasePath)
            ? ValidateOptionsResult.Fail($"SQLite reminder table: {nameof(options.DatabasePath)} is required.")
            : ValidateOptionsResult.Success;
}
