using Microsoft.ML.Data;

namespace Mle.Bench.Models;

/// <summary>
/// The realistic benchmark model's input: 30 numeric features as one vector column and 5 categorical
/// features as text, the shape of a typical tabular risk model. Property names are the model's column names.
/// </summary>
public class RiskInput
{
    public const int NumericCount = 30;

    [VectorType(NumericCount)]
    public float[] Numeric { get; set; } = new float[NumericCount];

    public string Region { get; set; } = "";

    public string Channel { get; set; } = "";

    public string Product { get; set; } = "";

    public string Device { get; set; } = "";

    public string Segment { get; set; } = "";
}
