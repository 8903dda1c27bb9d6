using Microsoft.Extensions.Options;

namespace Mle.Storage;

/// <summary>Fails startup naming the SQLite grain storage provider whose settings are incomplete.</summary>
internal sealed class SqliteGrainStorageOptionsValidator : IValidateOptions<SqliteGrainStorageOptions>
{
    public ValidateOptionsResult Validate(string? name, SqliteGrainStorageOptions options) =>
        string.IsNullOrWhiteSpace(options.DatabasePath)
            ? ValidateOptionsResult.Fail($"SQLite grain storage '{name}': {nameof(options.DatabasePath)} is required.")
            : ValidateOptionsResult.Success;
}
