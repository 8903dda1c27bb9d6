using System.Globalization;
using System.Runtime.CompilerServices;
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
/// half an artifact.
/// <para>
/// Garbage, as the file-system store collects it. Unreferenced artifacts: the store lists its blobs with their last
/// write (<see cref="IArtifactInventory"/>) for <see cref="Registry.UnreferencedArtifactSweep"/>; storing bytes that
/// are already there touches the blob (a metadata write moves its last-modified time and ETag), and a deletion is
/// conditional on the ETag it checked, so a registration that stores the same bytes between the check and the
/// deletion wins, on any silo. Abandoned uploads: a killed silo leaves its staging file (a SIGKILL runs no
/// delete-on-close), swept once no writer holds it and it is <see cref="AzureBlobArtifactStoreOptions.AbandonedUploadAge"/>
/// old (<see cref="IAbandonedUploads"/>). An upload cut off inside the service leaves no blob: up to the client's
/// single-request size it is one request; beyond it, its blocks stay uncommitted, invisible to readers, replaced by
/// the next upload of the same bytes and discarded by the service itself after a week.
/// </para>
/// </summary>
public sealed class AzureBlobArtifactStore : IArtifactStore, IArtifactInventory, IAbandonedUploads
{
    private const string Prefix = "sha256/";
    private const string StagingSuffix = ".partial";
    private readonly BlobContainerClient _container;
    private readonly string _staging;
    private readonly TimeSpan _abandonedAfter;
    private readonly TimeProvider _time;
    private readonly Lazy<Task> _created;

    public AzureBlobArtifactStore(IOptions<AzureBlobArtifactStoreOptions> options, TimeProvider? time = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.ConnectionString);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Value.StagingDirectory);
        _container = new BlobServiceClient(options.Value.ConnectionString).GetBlobContainerClient(options.Value.Container);
        _staging = Path.GetFullPath(options.Value.StagingDirectory);
        _abandonedAfter = options.Value.AbandonedUploadAge;
        _time = time ?? TimeProvider.System;
        _created = new Lazy<Task>(() => _container.CreateIfNotExistsAsync());
        SweepAbandonedWrites();
    }

    /// <inheritdoc/>
    public TimeSpan AbandonedAfter => _abandonedAfter;

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
        var path = Path.Combine(_staging, $"{Guid.NewGuid():N}{StagingSuffix}");
        // Deleted when closed, whatever happens to the upload; only a killed process leaves it, for SweepAbandonedWrites.
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

    /// <inheritdoc/>
    public async IAsyncEnumerable<string> ArtifactsWrittenBefore(DateTimeOffset before, [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        if (!(await _container.ExistsAsync(cancellationToken).ConfigureAwait(false)).Value)
        {
            yield break;
        }
        await foreach (var blob in _container.GetBlobsAsync(BlobTraits.None, BlobStates.None, Prefix, cancellationToken).ConfigureAwait(false))
        {
            var name = blob.Name[(blob.Name.LastIndexOf('/') + 1)..];
            if (ContentHash.IsValid(name) && blob.Properties.LastModified is { } written && written < before)
            {
                yield return name;
            }
        }
    }

    /// <inheritdoc/>
    /// <remarks>The deletion holds the ETag that was checked: a blob touched since, by any silo, is left alone.</remarks>
    public async Task<bool> DeleteIfWrittenBefore(string sha256, DateTimeOffset before, CancellationToken cancellationToken)
    {
        var blob = BlobOf(ContentHash.Validate(sha256));
        try
        {
            var properties = (await blob.GetPropertiesAsync(cancellationToken: cancellationToken).ConfigureAwait(false)).Value;
            if (properties.LastModified >= before)
            {
                return false;
            }
            await blob.DeleteAsync(DeleteSnapshotsOption.IncludeSnapshots, new BlobRequestConditions { IfMatch = properties.ETag }, cancellationToken)
                .ConfigureAwait(false);
            return true;
        }
        catch (RequestFailedException e) when (e.Status is 404 or 412)
        {
            // Gone already, or stored again since the check.
            return false;
        }
    }

    /// <summary>
    /// Deletes staging files that killed uploads left behind: no writer holds them and they are at least
    /// <see cref="AzureBlobArtifactStoreOptions.AbandonedUploadAge"/> old. Returns how many.
    /// </summary>
    public int SweepAbandonedWrites() => AbandonedFiles.Sweep(_staging, "*" + StagingSuffix, _abandonedAfter, _time.GetUtcNow());

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
        var blob = BlobOf(sha256);
        var start = content.Position;
        var options = new BlobUploadOptions { Conditions = new BlobRequestConditions { IfNoneMatch = ETag.All } };
        while (true)
        {
            try
            {
                await blob.UploadAsync(content, options, cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status is 409 or 412)
            {
                // The same bytes are there already (stored earlier, or by another silo just now): same name, same content.
            }
            try
            {
                // Touched, so that the unreferenced-artifact sweep leaves it to the version about to use it.
                var touched = new Dictionary<string, string> { ["stored"] = _time.GetUtcNow().ToString("O", CultureInfo.InvariantCulture) };
                await blob.SetMetadataAsync(touched, cancellationToken: cancellationToken).ConfigureAwait(false);
                return;
            }
            catch (RequestFailedException e) when (e.Status == 404)
            {
                // The sweep deleted it between the two calls: store it again.
                content.Position = start;
            }
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
