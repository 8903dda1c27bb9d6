using Microsoft.ML.Data;

namespace Mle.Tests.Support;

// Row classes exist only to train the test models and to compute reference predictions with plain ML.NET;
// the platform itself never sees them.

/// <summary>Two float features and a bool label: the tiny binary classifier.</summary>
public sealed class BinaryRow
{
    public float X1 { get; set; }

    public float X2 { get; set; }

    public bool Label { get; set; }
}

/// <summary>Numeric, boolean, text and fixed-size vector inputs.</summary>
public sealed class MixedRow
{
    public float Age { get; set; }

    public bool IsMember { get; set; }

    public string Comment { get; set; } = "";

    [VectorType(3)]
    public float[] Embedding { get; set; } = [];

    public bool Label { get; set; }
}

/// <summary>A double and an int feature, a float target.</summary>
public sealed class RegressionRow
{
    public double Size { get; set; }

    public int Rooms { get; set; }

    public float Label { get; set; }
}

/// <summary>Four float measurements and a string class.</summary>
public sealed class FlowerRow
{
    [VectorType(4)]
    public float[] Measurements { get; set; } = [];

    public string Label { get; set; } = "";
}
