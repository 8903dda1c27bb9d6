namespace Mle.Artifacts;

/// <summary>
/// A store whose uploads pass through local temporary files, which a crashed writer leaves behind; swept while the
/// silo runs by <see cref="AbandonedUploadSweep"/>.
/// </summary>
public interface IAbandonedUploads
{
    /// <summary>How old an unlocked temporary file must be to count as abandoned; also how often the sweep runs.</summary>
    TimeSpan AbandonedAfter { get; }

    /// <summary>Deletes the abandoned temporary files; returns how many.</summary>
    int SweepAbandonedWrites();
}
