using System.Runtime.InteropServices;

namespace Mle.Artifacts;

/// <summary>
/// Flushes a directory's entries to disk. A rename or a new entry is durable only once its directory is
/// synced: without this, a power loss after an acknowledged upload could lose the artifact's name (or the
/// folder it lives in) though its bytes were flushed. .NET cannot open a directory as a file, so on Linux
/// this calls open/fsync directly.
/// </summary>
internal static partial class DirectorySync
{
    /// <summary>
    /// O_RDONLY | O_CLOEXEC, whose values are the same on every Linux architecture. No O_DIRECTORY: its value
    /// differs by architecture (0x10000 on x86-64 is O_DIRECT on arm64), and fsync works on any read-only descriptor.
    /// </summary>
    internal const int OpenFlags = ReadOnly | CloseOnExec;

    private const int ReadOnly = 0;
    private const int CloseOnExec = 0x80000;

    public static void Flush(string directory)
    {
        if (!OperatingSystem.IsLinux())
        {
            return;
        }
        var descriptor = OpenForSync(directory);
        try
        {
            if (Fsync(descriptor) != 0)
            {
                throw new IOException($"Could not sync '{directory}' (errno {Marshal.GetLastPInvokeError()}).");
            }
        }
        finally
        {
            _ = Close(descriptor);
        }
    }

    /// <summary>Creates <paramref name="directory"/> and any missing parents, syncing the parent of each one created.</summary>
    public static void Create(string directory, Action<string> flush)
    {
        var missing = new Stack<string>();
        for (var current = Path.GetFullPath(directory); !Directory.Exists(current); current = Path.GetDirectoryName(current)!)
        {
            missing.Push(current);
        }
        while (missing.TryPop(out var created))
        {
            Directory.CreateDirectory(created);
            flush(Path.GetDirectoryName(created)!);
        }
    }

    /// <summary>Opens a descriptor the way <see cref="Flush"/> does; the caller closes it with <see cref="CloseDescriptor"/>.</summary>
    internal static int OpenForSync(string directory)
    {
        var descriptor = Open(directory, OpenFlags);
        return descriptor >= 0
            ? descriptor
            : throw new IOException($"Could not open '{directory}' to sync it (errno {Marshal.GetLastPInvokeError()}).");
    }

    internal static void CloseDescriptor(int descriptor) => _ = Close(descriptor);

    [LibraryImport("libc", EntryPoint = "open", SetLastError = true, StringMarshalling = StringMarshalling.Utf8)]
    private static partial int Open(string path, int flags);

    [LibraryImport("libc", EntryPoint = "fsync", SetLastError = true)]
    private static partial int Fsync(int descriptor);

    [LibraryImport("libc", EntryPoint = "close", SetLastError = true)]
    private static partial int Close(int descriptor);
}
