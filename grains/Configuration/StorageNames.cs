namespace Mle.Configuration;

/// <summary>The names of the grain storage providers, chosen by configuration in the silo.</summary>
public static class StorageNames
{
    /// <summary>Models, versions, aliases: durable state that must survive a restart.</summary>
    public const string Registry = "registry";

    /// <summary>The audit logs: append-only, kept apart so they can live on another backend than the registry.</summary>
    public const string Audit = "audit";

    /// <summary>Feature mart entities: their features, tiles and history (many small states, written on every push in write-through).</summary>
    public const string Features = "features";

    /// <summary>The stream provider's pub-sub state.</summary>
    public const string PubSub = "PubSubStore";
}
