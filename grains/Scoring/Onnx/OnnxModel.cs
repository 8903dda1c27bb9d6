using Microsoft.ML.OnnxRuntime;
using Mle.Errors;
using Mle.Registry;
using Mle.Schema;

namespace Mle.Scoring.Onnx;

/// <summary>
/// A loaded ONNX model: one <see cref="InferenceSession"/> per model, shared by every engine in the silo
/// (<c>Run</c> is thread-safe), disposed when the cache has evicted the model and the last call is done.
/// </summary>
public sealed class OnnxModel : LoadedModel
{
    private OnnxModel(InferenceSession session, IReadOnlyList<OnnxTensorSpec> inputs, IReadOnlyList<OnnxTensorSpec> outputs)
        : base(new ModelSchema([.. inputs.Select(i => i.ToSchema())], [.. outputs.Select(o => o.ToSchema())]))
    {
        Session = session;
        Inputs = inputs;
        Outputs = outputs;
    }

    public override ModelFlavor Flavor => ModelFlavor.Onnx;

    internal InferenceSession Session { get; }

    internal IReadOnlyList<OnnxTensorSpec> Inputs { get; }

    internal IReadOnlyList<OnnxTensorSpec> Outputs { get; }

    public override IScoringEngine CreateEngine(ScoringOptions options) => new OnnxScoringEngine(this);

    /// <summary>Loads an ONNX model; anything that is not one throws <see cref="InvalidArtifactException"/>.</summary>
    public static OnnxModel Load(byte[] content)
    {
        InferenceSession session;
        try
        {
            session = new InferenceSession(content);
        }
        catch (Exception ex) when (ex is OnnxRuntimeException or ArgumentException or InvalidOperationException)
        {
            throw MleErrors.InvalidArtifact($"The artifact is not a loadable ONNX model: {ex.Message}");
        }
        try
        {
            var inputs = session.InputMetadata.Select(i => OnnxTensorSpec.ForInput(i.Key, i.Value)).ToList();
            var outputs = session.OutputMetadata
                .Select(o => OnnxTensorSpec.ForOutput(o.Key, o.Value))
                .OfType<OnnxTensorSpec>()
                .ToList();
            if (outputs.Count == 0)
            {
                throw MleErrors.InvalidArtifact("The ONNX model has no output tensor of a kind that can be served.");
            }
            return new OnnxModel(session, inputs, outputs);
        }
        catch
        {
            session.Dispose();
            throw;
        }
    }

    protected override void Free() => Session.Dispose();
}
