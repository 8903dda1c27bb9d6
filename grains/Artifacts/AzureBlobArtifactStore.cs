using Azure;
using Azure.Storage.Blobs;
using Azure.Storage.Blobs.Models;
using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Registry;

namespace Mle.Artifacts;

/// <summary>
/// Artifacts as blobs named by their SHA-256 in one container every silo reaches. An upload streams into a local
/// temporary file while it is hashed (never whole in memory), and becomes a blob only once complete, under its
/// content address with "create only" semantics: a blob, once there, is never rewritten, and a reader never sees
/// half an artifact. It does not list its artifacts for the unreferenced-artifact sweep (no <see cref="IArtifactInventory"/>).
/// </summary>
public sealed class AzureBlobArtifactStore : IArtifactStore
{
    private readonly BlobContainerClient _container;
    private readonly string _staging;
    private readonly Lazy<Task> _created;

    public AzureBlobArtifactStore(IOptions<AzureBlobArtifactStoreOptions> options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.StagingDirectory);
        _container = new BlobServiceClient(options.Value.ConnectionString).GetBlobContainerClient(options.Value.Container);
        _staging = Path.GetFullPath(options.Value.StagingDirectory);
        _created = new Lazy<Task>(() => _container.CreateIfNotExistsAsync());
    }

    public async Task<ArtifactRef> Put(ReadOnlyMemory<byte> content, CancellationToken cancellationToken = default)
    {
        await EnsureContainer().ConfigureAwait(false);
        var sha256 = ContentHash.Of(content.Span);
        await Upload(sha256, BinaryData.FromBytes(content).ToStream(), cancellationToken).ConfigureAwait(false);
        return new ArtifactRef(sha256, content.Length);
    }

    public async Task<IStagedArtifact> Stage(Stream content, long maxBytes, CancellationToken cancellationToken = default)
    {
        Directory.CreateDirectory(_staging);
        var path = Path.Combine(_staging, $"{Guid.NewGuid():N}.partial");
        // Deleted by the OS when closed, whatever happens to the upload: the staging folder never needs a sweep.
        var file = new FileStream(path, FileMode.CreateNew, FileAccess.ReadWrite, FileShare.None, StagingFile.FileBufferSize,
            FileOptions.Asynchronous | FileOptions.DeleteOnClose);
        try
        {
            var (sha256, size) = await StagingFile.Fill(file, content, maxBytes, cancellationToken).ConfigureAwait(false);
            return new StagedBlob(this, file, sha256, size);
        }
        catch
        {
            await file.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    public async Task<Stream> Open(ArtifactRef artifact, CancellationToken cancellationToken = default)
    {
        var blob = BlobOf(ContentHash.Validate(artifact.Sha256));
        try
        {
            return await blob.OpenReadAsync(new BlobOpenReadOptions(allowModifications: false), cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status == 404)
        {
            throw new FileNotFoundException($"Artifact sha256:{artifact.Sha256} is not in the container '{_container.Uri}'.", blob.Name, e);
        }
    }

    public async Task<bool> Exists(string sha256, CancellationToken cancellationToken = default) =>
        (await BlobOf(ContentHash.Validate(sha256)).ExistsAsync(cancellationToken).ConfigureAwait(false)).Value;

    /// <summary>Uploads a staged file under its content address (called by <see cref="StagedBlob.Commit"/>).</summary>
    internal async Task<ArtifactRef> Publish(FileStream file, string sha256, long size, CancellationToken cancellationToken)
    {
        await EnsureContainer().ConfigureAwait(false);
        // The upload reads the staged file from its start and leaves it open: closing it would delete it.
        file.Position = 0;
        await Upload(sha256, file, cancellationToken).ConfigureAwait(false);
        return new ArtifactRef(sha256, size);
    }

    private async Task Upload(string sha256, Stream content, CancellationToken cancellationToken)
    {
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        try
        {
            await BlobOf(sha256).UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
        }
        catch (RequestFailedException e) when (e.Status is 409 or 412)
        {
            // The same bytes are there already (stored earlier, or by another silo just now): same name, same content.
        }
    }

    private Task EnsureContainer() => _created.Value;

    private BlobClient BlobOf(string sha256) => _container.GetBlobClient($"sha256/{sha256[..2]}/{sha256}");

    private sealed class StagedBlob(AzureBlobArtifactStore store, FileStream file, string sha256, long size) : IStagedArtifact
    {
        private ArtifactRef? _committed;
        private bool _disposed;

        public string Sha256 => sha256;

        public long SizeBytes => size;

        public Task<byte[]> ReadAll(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return StagingFile.ReadAll(file, size, cancellationToken);
        }

        public async Task<ArtifactRef> Commit(CancellationToken cancellationToken = default)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            return _committed ??= await store.Publish(file, sha256, size, cancellationToken).ConfigureAwait(false);
        }

        public ValueTask DisposeAsync()
        {
            if (_disposed)
            {
                return ValueTask.CompletedTask;
            }
            _disposed = true;
            return file.DisposeAsync();
        }
    }
}
