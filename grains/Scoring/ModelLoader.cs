using System.Runtime.InteropServices;
using Mle.Errors;
using Mle.Registry;
using Mle.Scoring.MlNet;
using Mle.Scoring.Onnx;

namespace Mle.Scoring;

/// <summary>
/// Turns artifact bytes into a <see cref="LoadedModel"/> of the right flavor, on the thread pool: loading
/// is CPU and IO heavy and must not hold a grain scheduler turn. Anything that is not a model throws
/// <see cref="InvalidArtifactException"/> with the reason.
/// </summary>
public static class ModelLoader
{
    private static readonly byte[] ZipMagic = [(byte)'P', (byte)'K', 3, 4];

    /// <param name="content">The artifact bytes.</param>
    /// <param name="flavor">The declared flavor, or null to detect it: a zip is ML.NET, anything else is tried as ONNX.</param>
    /// <param name="cancellationToken">Cancels a load that has not started yet.</param>
    public static Task<LoadedModel> Load(ReadOnlyMemory<byte> content, ModelFlavor? flavor, CancellationToken cancellationToken = default) =>
        Task.Run(() => LoadNow(content, flavor), cancellationToken);

    /// <summary>The flavor an artifact's first bytes announce: a zip is an ML.NET model, anything else may be ONNX.</summary>
    public static ModelFlavor Detect(ReadOnlySpan<byte> content) =>
        content.StartsWith(ZipMagic) ? ModelFlavor.MlNet : ModelFlavor.Onnx;

    private static LoadedModel LoadNow(ReadOnlyMemory<byte> content, ModelFlavor? flavor)
    {
        if (content.IsEmpty)
        {
            throw MleErrors.InvalidArtifact("The artifact is empty.");
        }
        var bytes = MemoryMarshal.TryGetArray(content, out var segment) && segment.Offset == 0 && segment.Count == segment.Array!.Length
            ? segment.Array
            : content.ToArray();
        return (flavor ?? Detect(bytes)) switch
        {
            ModelFlavor.MlNet => MlNetModel.Load(new MemoryStream(bytes, writable: false)),
            ModelFlavor.Onnx when flavor is null => LoadDetectedOnnx(bytes),
            ModelFlavor.Onnx => OnnxModel.Load(bytes),
            var other => throw MleErrors.UnsupportedFlavor(other.ToString()),
        };
    }

    // An undeclared artifact that is not a zip is ONNX or nothing: say both were considered.
    private static OnnxModel LoadDetectedOnnx(byte[] bytes)
    {
        try
        {
            return OnnxModel.Load(bytes);
        }
        catch (InvalidArtifactException ex)
        {
            throw MleErrors.InvalidArtifact($"The artifact is neither an ML.NET model zip nor an ONNX model. {ex.Message}");
        }
    }
}
