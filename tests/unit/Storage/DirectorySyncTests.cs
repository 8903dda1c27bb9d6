using Mle.Artifacts;

namespace Mle.Tests.Unit.Storage;

public sealed class DirectorySyncTests : IDisposable
{
    private readonly TemporaryDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void An_existing_directory_is_synced()
    {
        Assert.True(OperatingSystem.IsLinux(), "The platform's durability guarantees are made on Linux.");
        DirectorySync.Flush(_directory.Path);
    }

    [Fact]
    public void A_missing_directory_is_an_io_error_not_a_silent_success()
    {
        Assert.True(OperatingSystem.IsLinux(), "The platform's durability guarantees are made on Linux.");
        var error = Assert.Throws<IOException>(() => DirectorySync.Flush(Path.Combine(_directory.Path, "missing")));
        Assert.Contains("errno", error.Message);
    }
}
