namespace Mle.Artifacts;

/// <summary>
/// Temporary upload files that crashed writers left behind. A live writer keeps its file open with
/// <see cref="FileShare.None"/> for the file's whole life, a lock other processes see; a SIGKILL releases it without
/// deleting the file (not even a <see cref="FileOptions.DeleteOnClose"/> one). So a file no process holds and at least
/// the given age old is abandoned; the age covers the instant between creating a file and locking it, and file
/// systems where locks are not shared between machines.
/// </summary>
internal static class AbandonedFiles
{
    /// <summary>Deletes the abandoned files matching <paramref name="pattern"/> under <paramref name="folder"/>; returns how many.</summary>
    public static int Sweep(string folder, string pattern, TimeSpan age, DateTimeOffset now)
    {
        if (!Directory.Exists(folder))
        {
            return 0;
        }
        var removed = 0;
        foreach (var temporary in Directory.EnumerateFiles(folder, pattern, SearchOption.AllDirectories))
        {
            if (now - File.GetLastWriteTimeUtc(temporary) >= age && TryDeleteUnlocked(temporary))
            {
                removed++;
            }
        }
        return removed;
    }

    private static bool TryDeleteUnlocked(string path)
    {
        try
        {
            using var probe = new FileStream(path, FileMode.Open, FileAccess.ReadWrite, FileShare.None);
            File.Delete(path);
            return true;
        }
        catch (IOException)
        {
            // Locked by a live writer, or already gone.
            return false;
        }
        catch (UnauthorizedAccessException)
        {
            return false;
        }
    }
}
