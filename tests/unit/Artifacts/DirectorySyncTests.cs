using System.Runtime.InteropServices;
using Mle.Artifacts;
using Mle.Tests.Unit.Storage;

namespace Mle.Tests.Unit.Artifacts;

public sealed class DirectorySyncTests : IDisposable
{
    // Linux open(2) flags, as the kernel reports them in /proc/self/fdinfo (octal).
    private const int AccessModeMask = 0b11;
    private const int DirectIoX64 = 0x4000;
    private const int DirectIoArm64 = 0x10000;

    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void A_directory_is_opened_for_sync_read_only_and_without_direct_io_on_every_architecture()
    {
        Assert.True(OperatingSystem.IsLinux(), "The platform's durability guarantees are made on Linux.");

        var descriptor = DirectorySync.OpenForSync(_directory.Path);
        int flags;
        try
        {
            var line = File.ReadLines($"/proc/self/fdinfo/{descriptor}").Single(l => l.StartsWith("flags:", StringComparison.Ordinal));
            flags = Convert.ToInt32(line["flags:".Length..].Trim(), 8);
        }
        finally
        {
            DirectorySync.CloseDescriptor(descriptor);
        }

        Assert.Equal(0, flags & AccessModeMask);
        // The constant once used for O_DIRECTORY on x86-64 is O_DIRECT on arm64: neither value may be passed.
        Assert.Equal(0, DirectorySync.OpenFlags & (DirectIoX64 | DirectIoArm64));
        Assert.Equal(0, flags & (RuntimeInformation.ProcessArchitecture == Architecture.Arm64 ? DirectIoArm64 : DirectIoX64));
    }

    [Fact]
    public void A_missing_directory_is_an_io_error_not_a_silent_success()
    {
        Assert.True(OperatingSystem.IsLinux(), "The platform's durability guarantees are made on Linux.");
        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(Path.Combine(_directory.Path, "missing")));
        Assert.Contains("errno 2", error.Message);
    }

    [Fact]
    public void Creating_nested_folders_syncs_the_parent_of_each_new_folder_outermost_first()
    {
        var synced = new List<string>();
        var nested = Path.Combine(_directory.Path, "a", "b", "c");

        DirectorySync.Create(nested, synced.Add);

        Assert.True(Directory.Exists(nested));
        Assert.Equal([_directory.Path, Path.Combine(_directory.Path, "a"), Path.Combine(_directory.Path, "a", "b")], synced);
    }

    [Fact]
    public void Creating_a_folder_that_exists_syncs_nothing()
    {
        var synced = new List<string>();

        DirectorySync.Create(_directory.Path, synced.Add);

        Assert.Empty(synced);
    }
}
