namespace Mle.Registry;

/// <summary>
/// When a silo gives the memory of a burst of registrations back to the operating system (<c>Mle:Registry</c>, see
/// <see cref="RegistrationHeapTrim"/>).
/// </summary>
public sealed class HeapTrimOptions
{
    public const string Section = "Mle:Registry";

    /// <summary>
    /// How many registrations (successful or not) received by a silo since its last trim make a burst worth trimming
    /// after (default 20); 0 turns the trim off. Each registration streams, hashes and inspects an artifact, and the
    /// garbage collector keeps the memory that churn needed committed long after it.
    /// </summary>
    public int HeapTrimAfterRegistrations { get; set; } = 20;

    /// <summary>
    /// How long a burst must have been over (no registration received) before the trim runs (default 10 seconds):
    /// the trim is one full, compacting collection that returns free memory to the operating system, a pause of tens
    /// to a few hundred milliseconds for every request of the silo, so it waits for the burst to end instead of
    /// running inside it. Must be positive.
    /// </summary>
    public TimeSpan HeapTrimQuietPeriod { get; set; } = TimeSpan.FromSeconds(10);
}
