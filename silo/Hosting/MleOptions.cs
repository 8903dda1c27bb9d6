using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>
/// The <c>Mle</c> configuration section: every backend the silo runs on. It is read and checked while
/// the host is being built, because it decides which Orleans providers are registered at all.
/// </summary>
public sealed class MleOptions
{
    public const string Section = "Mle";

    /// <summary>The root of everything the embedded backends persist; relative to the current directory.</summary>
    public string DataDirectory { get; set; } = "./data";

    public ClusteringOptions Clustering { get; set; } = new();

    public StorageOptions Storage { get; set; } = new();

    public StreamsOptions Streams { get; set; } = new();

    public ArtifactsOptions Artifacts { get; set; } = new();

    public TelemetryOptions Telemetry { get; set; } = new();

    /// <summary>The data directory as an absolute path.</summary>
    public string DataPath => Path.GetFullPath(DataDirectory);

    public string DatabasePath => Path.Combine(DataPath, Storage.DatabaseFile);

    public string ArtifactsPath => string.IsNullOrWhiteSpace(Artifacts.Root)
        ? Path.Combine(DataPath, "artifacts")
        : Path.GetFullPath(Artifacts.Root, DataPath);

    /// <summary>Binds the section and throws <see cref="OptionsValidationException"/> naming every invalid setting.</summary>
    public static MleOptions Load(IConfiguration configuration)
    {
        var options = new MleOptions();
        try
        {
            configuration.GetSection(Section).Bind(options);
        }
        catch (InvalidOperationException e)
        {
            // The binder names the setting whose value does not convert (a port that is not a number, ...).
            throw new OptionsValidationException(Section, typeof(MleOptions), [e.Message]);
        }

        var failures = options.Validate();
        return failures.Count == 0
            ? options
            : throw new OptionsValidationException(Section, typeof(MleOptions), failures);
    }

    public List<string> Validate()
    {
        var failures = new List<string>();
        ProviderChoice.Require(failures, $"{Section}:DataDirectory", DataDirectory, "to keep the silo's data");
        Clustering.Validate(failures, $"{Section}:Clustering");
        Storage.Validate(failures, $"{Section}:Storage");
        Streams.Validate(failures, $"{Section}:Streams");
        Artifacts.Validate(failures, $"{Section}:Artifacts");
        Telemetry.Validate(failures);
        return failures;
    }
}
