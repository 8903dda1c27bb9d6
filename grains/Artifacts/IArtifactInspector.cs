using Mle.Registry;
using Mle.Schema;

namespace Mle.Artifacts;

/// <summary>What inspecting an artifact found: its flavor and the schema read from the model itself.</summary>
public sealed record InspectedArtifact(ModelFlavor Flavor, ModelSchema Schema);

/// <summary>
/// Opens an uploaded artifact as a model, off the grain scheduler, and reads its input and output schema.
/// Anything that is not a loadable model throws <see cref="Errors.InvalidArtifactException"/>.
/// </summary>
public interface IArtifactInspector
{
    /// <param name="content">The artifact bytes.</param>
    /// <param name="flavor">The declared flavor, or null to detect it (a zip is ML.NET, anything else is tried as ONNX).</param>
    /// <param name="cancellationToken">Cancels the inspection.</param>
    Task<InspectedArtifact> Inspect(ReadOnlyMemory<byte> content, ModelFlavor? flavor, CancellationToken cancellationToken = default);
}
