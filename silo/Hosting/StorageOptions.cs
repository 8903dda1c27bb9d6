namespace Mle.Silo.Hosting;

/// <summary>Where grain state and reminders live (<c>Mle:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Section = "Mle:Storage";
    public const string Embedded = "Embedded";
    public const string Memory = "Memory";
    public const string Redis = "Redis";
    public const string AzureTables = "AzureTables";

    /// <summary>
    /// Embedded (a SQLite file under the data directory: one silo only), Memory (lost on restart), Redis or AzureTables.
    /// </summary>
    public string Provider { get; set; } = Embedded;

    /// <summary>The Redis or Azure Storage connection string; required by those providers.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The embedded database file, relative to the data directory.</summary>
    public string DatabaseFile { get; set; } = "mle.db";

    /// <summary>The embedded database file as an absolute path.</summary>
    public string DatabasePath(string dataPath) => Path.Combine(dataPath, DatabaseFile);
}
