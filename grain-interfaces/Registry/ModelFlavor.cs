namespace Mle.Registry;

/// <summary>How a version's artifact is loaded and scored.</summary>
public enum ModelFlavor
{
    /// <summary>An ML.NET model zip (<c>mlContext.Model.Save</c>).</summary>
    MlNet = 1,

    /// <summary>An ONNX model, scored with ONNX Runtime on named tensors.</summary>
    Onnx = 2,
}
