using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Errors;
using Mle.Naming;

namespace Mle.Registry;

/// <summary>
/// Registers a version in two halves. The heavy half runs here, on the thread pool of the silo that received the
/// upload: the artifact is streamed into the store's temporary file while it is hashed, read back and inspected,
/// then flushed and published. The light half is one call to the model grain, <see cref="IModelGrain.RecordVersion"/>,
/// whose turn only takes a number and writes the version, so that grain keeps answering catalog refreshes and
/// every other call while a large artifact is received.
/// The artifact's reference record (<see cref="IArtifactReferencesGrain"/>) is claimed before the bytes are
/// published, and the model grain adds the version to it before recording the version.
/// Used by the REST upload route directly and by <see cref="VersionRegistrarGrain"/> for the SDK.
/// </summary>
public sealed class VersionRegistrar(IGrainFactory grains, IArtifactStore artifacts, IArtifactInspector inspector, UploadSlots slots, IOptions<LimitsOptions> limits, RegistrationHeapTrim trim)
{
    /// <summary>Checks what can be checked before any byte is stored: the model exists, the metadata is within bounds.</summary>
    public async Task<VersionMetadata> Admit(ModelRef model, VersionMetadata metadata)
    {
        var rules = new MetadataRules(limits.Value);
        var valid = new VersionMetadata(
            metadata.Flavor,
            rules.Description(metadata.Description),
            rules.Metrics(metadata.Metrics),
            rules.Tags(metadata.Tags),
            rules.Lineage(metadata.Lineage),
            rules.IdempotencyKey(metadata.IdempotencyKey));
        await Model(model).Get().ConfigureAwait(false);
        return valid;
    }

    /// <summary>Registers an artifact already staged in the store (the REST route streamed it there).</summary>
    public async Task<ModelVersionInfo> Register(ModelRef model, IStagedArtifact staged, VersionMetadata metadata, CancellationToken cancellationToken)
    {
        try
        {
            return await RegisterStaged(model, staged, metadata, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            trim.Registered();
        }
    }

    private async Task<ModelVersionInfo> RegisterStaged(ModelRef model, IStagedArtifact staged, VersionMetadata metadata, CancellationToken cancellationToken)
    {
        if (staged.SizeBytes == 0)
        {
            throw MleErrors.InvalidArtifact("The artifact is empty.");
        }
        var grain = Model(model);
        if (metadata.IdempotencyKey is { } key && await grain.FindIdempotentUpload(key, staged.Sha256).ConfigureAwait(false) is { } earlier)
        {
            return earlier;
        }

        // Everything that can reject the upload runs before a version number is taken.
        var inspected = await inspector.Inspect(await staged.ReadAll(cancellationToken).ConfigureAwait(false), metadata.Flavor, cancellationToken).ConfigureAwait(false);
        // Claimed before stored: from the moment the bytes are in the store, the registry knows of them, so an
        // interruption from here on leaves an artifact the collection of unreferenced artifacts can recognise.
        var alreadyStored = await artifacts.Exists(staged.Sha256, cancellationToken).ConfigureAwait(false);
        await grains.GetGrain<IArtifactReferencesGrain>(staged.Sha256).Claim(alreadyStored).ConfigureAwait(false);
        var artifact = await staged.Commit(cancellationToken).ConfigureAwait(false);
        return await grain.RecordVersion(new RecordVersion(
            artifact, inspected.Flavor, inspected.Schema, metadata.Description, metadata.Metrics, metadata.Tags, metadata.Lineage, metadata.IdempotencyKey)).ConfigureAwait(false);
    }

    /// <summary>Registers bytes that arrived in a grain call (the SDK's path), holding one of the silo's upload slots.</summary>
    public async Task<ModelVersionInfo> Register(ModelRef model, RegisterVersion request, CancellationToken cancellationToken)
    {
        using var slot = slots.Enter();
        var limit = limits.Value.MaxArtifactBytes;
        if (request.Artifact.LongLength > limit)
        {
            throw MleErrors.ArtifactTooLarge(request.Artifact.LongLength, limit);
        }
        var metadata = await Admit(model, new VersionMetadata(request.Flavor, request.Description, request.Metrics, request.Tags, request.Lineage, request.IdempotencyKey))
            .ConfigureAwait(false);
        await using var staged = await artifacts.Stage(new MemoryStream(request.Artifact, writable: false), limit, cancellationToken).ConfigureAwait(false);
        return await Register(model, staged, metadata, cancellationToken).ConfigureAwait(false);
    }

    private IModelGrain Model(ModelRef model) => grains.GetGrain<IModelGrain>(model.Key);
}
