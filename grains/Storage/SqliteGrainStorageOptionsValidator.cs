using Microsoft.Extensions.Options;

namespace Mle.Storage;

/// <summary>Fails startup naming the SQLite grain storage provider whose settings are incomplete or out of range.</summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options)
    {
        var failures = new List<string>();
        if (string.IsNullOrWhiteSpace(options.DatabasePath))
        {
            failures.Add($"SQLite grain storage '{name}': {nameof(options.DatabasePath)} is required.");
        }

        if (options.MaxWritesPerCommit < 1)
        {
            failures.Add($"SQLite grain storage '{name}': {nameof(options.MaxWritesPerCommit)} must be at least 1 (it is {options.MaxWritesPerCommit}).");
        }

        if (options.MaxQueuedWrites < 1)
        {
            failures.Add($"SQLite grain storage '{name}': {nameof(options.MaxQueuedWrites)} must be at least 1 (it is {options.MaxQueuedWrites}).");
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }
}
