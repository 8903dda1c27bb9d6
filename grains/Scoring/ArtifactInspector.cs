using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Registry;
using Mle.Scoring.MlNet;

namespace Mle.Scoring;

/// <summary>
/// Reads an artifact's flavor and schema by loading it as the scoring path would, then freeing it. An ML.NET zip is
/// first held to <see cref="ModelZipRules"/>: the loader expands every entry, so a zip bomb or an entry named
/// <c>../x</c> is refused from its headers before the loader sees it.
/// </summary>
public sealed class ArtifactInspector(IOptions<LimitsOptions> limits) : IArtifactInspector
{
    /// <summary>An inspector with the default limits.</summary>
    public ArtifactInspector()
        : this(Options.Create(new LimitsOptions()))
    {
    }

    public async Task<InspectedArtifact> Inspect(ReadOnlyMemory<byte> content, ModelFlavor? flavor, CancellationToken cancellationToken = default)
    {
        if (!content.IsEmpty && (flavor ?? ModelLoader.Detect(content.Span)) == ModelFlavor.MlNet)
        {
            ModelZipRules.Check(content, limits.Value);
        }
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
