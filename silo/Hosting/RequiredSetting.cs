namespace Mle.Silo.Hosting;

/// <summary>A setting a provider cannot run without (a connection string, a hub name), read from its options.</summary>
internal sealed record RequiredSetting<TOptions>(string Key, Func<TOptions, string?> Value);
