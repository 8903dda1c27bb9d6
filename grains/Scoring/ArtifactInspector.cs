using Microsoft.Extensions.Options;
using Mle.Artifacts;
using Mle.Configuration;
using Mle.Errors;
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
            var limit = limits.Value.MaxColumnNameLength;
            if (model.Schema.Inputs.Concat(model.Schema.Outputs).FirstOrDefault(c => c.Name.Length > limit) is { } column)
            {
                throw MleErrors.InvalidArtifact(
                    $"The model names a column with {column.Name.Length} characters ('{column.Name[..Math.Min(32, column.Name.Length)]}...'); the limit is {limit} (Mle:Limits:MaxColumnNameLength).");
            }
            return new InspectedArtifact(model.Flavor, model.Schema);
        }
        finally
        {
            model.Release();
        }
    }
}
