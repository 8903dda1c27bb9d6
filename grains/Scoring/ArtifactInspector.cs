using Mle.Artifacts;
using Mle.Registry;

namespace Mle.Scoring;

/// <summary>Reads an artifact's flavor and schema by loading it as the scoring path would, then freeing it.</summary>
public sealed class ArtifactInspector : IArtifactInspector
{
    public async Task<InspectedArtifact> Inspect(ReadOnlyMemory<byte> content, ModelFlavor? flavor, CancellationToken cancellationToken = default)
    {
        var model = await ModelLoader.Load(content, flavor, cancellationToken).ConfigureAwait(false);
        try
        {
            return new InspectedArtifact(model.Flavor, model.Schema);
        }
        finally
        {
            model.Release();
        }
    }
}
