namespace Mle.Schema;

/// <summary>
/// One input or output column of a model, read from the artifact itself.
/// <see cref="Width"/> is the number of values per row: 1 for a scalar, N for a fixed-size vector,
/// and 0 when the length is only known at scoring time (variable-size vectors).
/// <see cref="Shape"/> is the per-row tensor shape (empty for a scalar); ONNX models may have
/// more than one dimension, ML.NET vectors have one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record ColumnSchema(
    [property: Id(0)] string Name,
    [property: Id(1)] ScalarKind Kind,
    [property: Id(2)] int Width,
    [property: Id(3)] int[] Shape)
{
    public bool IsScalar => Shape.Length == 0;

    public static ColumnSchema Scalar(string name, ScalarKind kind) => new(name, kind, 1, []);

    public static ColumnSchema Vector(string name, ScalarKind kind, int length) => new(name, kind, length, [length]);
}
