namespace Mle.Silo.Hosting;

/// <summary>Where grain state and reminders live (<c>Mle:Storage</c>).</summary>
public sealed class StorageOptions
{
    public const string Embedded = "Embedded";
    public const string Memory = "Memory";
    public const string Redis = "Redis";
    public const string AzureTables = "AzureTables";
    public static readonly IReadOnlyList<string> Providers = [Embedded, Memory, Redis, AzureTables];

    /// <summary>Embedded (a SQLite file under the data directory), Memory (lost on restart), Redis or AzureTables.</summary>
    public string Provider { get; set; } = Embedded;

    /// <summary>The Redis or Azure Storage connection string; required by those providers.</summary>
    public string? ConnectionString { get; set; }

    /// <summary>The embedded database file, relative to the data directory.</summary>
    public string DatabaseFile { get; set; } = "mle.db";

    internal void Validate(ICollection<string> failures, string section)
    {
        ProviderChoice.Check(failures, $"{section}:Provider", Provider, Providers);
        if (ProviderChoice.Is(Provider, Redis) || ProviderChoice.Is(Provider, AzureTables))
        {
            ProviderChoice.Require(failures, $"{section}:ConnectionString", ConnectionString, $"by the {Provider} storage provider");
        }

        ProviderChoice.Require(failures, $"{section}:DatabaseFile", DatabaseFile, "to name the embedded database");
    }
}
