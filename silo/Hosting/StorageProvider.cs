using Mle.Silo.Hosting.Backends;

namespace Mle.Silo.Hosting;

/// <summary>A backend of grain state and reminders <c>Mle:Storage:Provider</c> can name, and its builder calls.</summary>
/// <param name="Name">The name in configuration.</param>
/// <param name="OneMachineOnly">Whether it keeps its data on one machine, where silos elsewhere would not see it.</param>
/// <param name="Requires">Settings the provider cannot run without.</param>
/// <param name="AddGrainStorage">Adds a grain storage provider of the given name (silo, name, options, data path).</param>
/// <param name="UseReminders">Keeps the silo's reminders on this backend (silo, options, data path).</param>
/// <param name="Reach">The servers it needs, checked before the silo starts (none for the embedded ones).</param>
internal sealed record StorageProvider(
    string Name,
    bool OneMachineOnly,
    IReadOnlyList<RequiredSetting<StorageOptions>> Requires,
    Action<ISiloBuilder, string, StorageOptions, string> AddGrainStorage,
    Action<ISiloBuilder, StorageOptions, string> UseReminders,
    Func<StorageOptions, IEnumerable<BackendCheck>>? Reach = null);
