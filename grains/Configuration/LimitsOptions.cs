namespace Mle.Configuration;

/// <summary>Every size limit the platform enforces (<c>Mle:Limits</c>), checked on start by <see cref="LimitsOptionsValidator"/>.</summary>
public sealed class LimitsOptions
{
    public const string Section = "Mle:Limits";

    /// <summary>The largest artifact a version may have, in bytes (default 256 MiB).</summary>
    public long MaxArtifactBytes { get; set; } = 256L * 1024 * 1024;

    /// <summary>The largest scoring request body, in bytes (default 32 MiB).</summary>
    public long MaxRequestBytes { get; set; } = 32L * 1024 * 1024;

    /// <summary>The most rows one scoring request may carry (default 10,000).</summary>
    public int MaxBatchRows { get; set; } = 10_000;
}
