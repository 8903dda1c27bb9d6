using Microsoft.Extensions.Options;

namespace Mle.Silo.Hosting;

/// <summary>
/// Checks <c>Mle:Clustering</c>, and refuses a split brain: a cluster whose silos may run on several machines with
/// state or artifacts that only one machine sees. Each silo would then keep its own registry, and a version
/// registered on one would be missing, or different, on the others.
/// </summary>
internal sealed class ClusteringOptionsValidator(
    IOptions<MleOptions> mle,
    IOptions<StorageOptions> storage,
    IOptions<ArtifactsOptions> artifacts) : IValidateOptions<ClusteringOptions>
{
    public ValidateOptionsResult Validate(string? name, ClusteringOptions options)
    {
        var failures = new SettingFailures(ClusteringOptions.Section);
        failures.OneOf(nameof(options.Provider), options.Provider, ClusteringProviders.All.Select(p => p.Name));
        var provider = ClusteringProviders.Find(options.Provider);
        foreach (var required in provider?.Requires ?? [])
        {
            failures.Required(required.Key, required.Value(options), $"by the {provider!.Name} clustering provider");
        }

        failures.Required(nameof(options.ClusterId), options.ClusterId, "to name the cluster");
        failures.Required(nameof(options.ServiceId), options.ServiceId, "to name the service");
        failures.Port(nameof(options.SiloPort), options.SiloPort);
        failures.Port(nameof(options.GatewayPort), options.GatewayPort);
        if (options.SiloPort == options.GatewayPort)
        {
            failures.Add($"{failures.Setting(nameof(options.SiloPort))} and {failures.Setting(nameof(options.GatewayPort))} must differ (both are {options.SiloPort}).");
        }

        if (options.AdvertisedAddress is { } address && !System.Net.IPAddress.TryParse(address, out _))
        {
            failures.Add($"{failures.Setting(nameof(options.AdvertisedAddress))} '{address}' is not an IP address.");
        }

        if (options.ProbeTimeout <= TimeSpan.Zero)
        {
            failures.Add($"{failures.Setting(nameof(options.ProbeTimeout))} must be positive; it is {options.ProbeTimeout}.");
        }

        if (options.MissedProbesLimit < 1)
        {
            failures.Add(string.Create(System.Globalization.CultureInfo.InvariantCulture,
                $"{failures.Setting(nameof(options.MissedProbesLimit))} must be at least 1; it is {options.MissedProbesLimit}."));
        }

        if (provider is { MultiSilo: true })
        {
            RefuseSplitBrain(failures, provider);
        }

        return failures.Result();
    }

    private void RefuseSplitBrain(SettingFailures failures, ClusteringProvider clustering)
    {
        StorageOptions storageOptions;
        ArtifactsOptions artifactsOptions;
        string dataPath;
        try
        {
            storageOptions = storage.Value;
            artifactsOptions = artifacts.Value;
            dataPath = mle.Value.DataPath;
        }
        catch (OptionsValidationException)
        {
            // Those sections are invalid on their own; their validators report them.
            return;
        }

        var cluster = $"{failures.Setting(nameof(ClusteringOptions.Provider))} is {clustering.Name}, so silos on several machines may form the cluster";
        if (StorageProviders.Find(storageOptions.Provider) is { OneMachineOnly: true } local)
        {
            var shared = string.Join(", ", StorageProviders.All.Where(p => !p.OneMachineOnly).Select(p => p.Name));
            failures.Add(
                $"{cluster}, but {StorageOptions.Section}:{nameof(StorageOptions.Provider)} is {local.Name}: grain state and reminders " +
                $"in a SQLite file ({storageOptions.DatabasePath(dataPath)}, from {MleOptions.Section}:{nameof(MleOptions.DataDirectory)} " +
                $"and {StorageOptions.Section}:{nameof(StorageOptions.DatabaseFile)}) that each silo would keep for itself. " +
                $"Set {StorageOptions.Section}:{nameof(StorageOptions.Provider)} to one every silo reaches ({shared}).");
        }

        if (ArtifactStorage.Find(artifactsOptions.Provider) is { SharedOnlyWhenDeclared: true } store && !artifactsOptions.Shared)
        {
            failures.Add(
                $"{cluster}, but {ArtifactsOptions.Section}:{nameof(ArtifactsOptions.Provider)} is {store.Name} at " +
                $"{artifactsOptions.RootPath(dataPath)} ({ArtifactsOptions.Section}:{nameof(ArtifactsOptions.Root)}), a folder each silo " +
                $"would see as its own. Mount one volume there on every silo and set {ArtifactsOptions.Section}:{nameof(ArtifactsOptions.Shared)}=true.");
        }
    }
}
