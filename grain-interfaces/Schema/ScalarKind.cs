namespace Mle.Schema;

/// <summary>The element type of a column, common to ML.NET and ONNX models.</summary>
public enum ScalarKind
{
    Single = 1,
    Double = 2,
    Int32 = 3,
    Int64 = 4,
    UInt32 = 5,
    Boolean = 6,
    String = 7,
}
