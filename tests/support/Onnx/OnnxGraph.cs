namespace Mle.Tests.Support.Onnx;

/// <summary>
/// Builds a small ONNX model (opset 13) as bytes: typed inputs and outputs with a symbolic batch
/// dimension, float/int64 initializers and nodes. Field numbers follow onnx.proto
/// (ModelProto, GraphProto, NodeProto, TensorProto, ValueInfoProto).
/// </summary>
public sealed class OnnxGraph
{
    /// <summary>TensorProto.DataType values.</summary>
    public enum ElementType
    {
        Float = 1,
        UInt8 = 2,
        Int32 = 6,
        Int64 = 7,
        String = 8,
        Bool = 9,
        Double = 11,
        UInt32 = 12,
    }

    private readonly ProtoWriter _graph = new ProtoWriter().String(2, "test-graph");

    /// <summary>An input of shape [batch, ...rowShape].</summary>
    public OnnxGraph Input(string name, ElementType type, params long[] rowShape)
    {
        _graph.Message(11, ValueInfo(name, type, rowShape));
        return this;
    }

    /// <summary>An output of shape [batch, ...rowShape].</summary>
    public OnnxGraph Output(string name, ElementType type, params long[] rowShape)
    {
        _graph.Message(12, ValueInfo(name, type, rowShape));
        return this;
    }

    public OnnxGraph Initializer(string name, long[] dims, float[] values)
    {
        _graph.Message(5, new ProtoWriter().PackedInts(1, dims).Int(2, (int)ElementType.Float).PackedFloats(4, values).String(8, name));
        return this;
    }

    public OnnxGraph Initializer(string name, long[] dims, long[] values)
    {
        _graph.Message(5, new ProtoWriter().PackedInts(1, dims).Int(2, (int)ElementType.Int64).PackedInts(7, values).String(8, name));
        return this;
    }

    /// <summary>A float initializer whose data, the model says, is in the file <paramref name="location"/> (TensorProto.data_location EXTERNAL).</summary>
    public OnnxGraph ExternalInitializer(string name, long[] dims, string location)
    {
        var entry = new ProtoWriter().String(1, "location").String(2, location);
        _graph.Message(5, new ProtoWriter().PackedInts(1, dims).Int(2, (int)ElementType.Float).String(8, name).Message(13, entry).Int(14, 1));
        return this;
    }

    public OnnxGraph Node(string opType, string[] inputs, string[] outputs)
    {
        var node = new ProtoWriter();
        foreach (var input in inputs)
        {
            node.String(1, input);
        }
        foreach (var output in outputs)
        {
            node.String(2, output);
        }
        node.String(3, $"{opType}_{outputs[0]}").String(4, opType);
        _graph.Message(1, node);
        return this;
    }

    public byte[] ToModel() => new ProtoWriter()
        .Int(1, 7) // ir_version 7 pairs with opset 13
        .String(2, "Orleans.Mle.Tests")
        .Message(7, _graph)
        .Message(8, new ProtoWriter().String(1, "").Int(2, 13))
        .ToArray();

    private static ProtoWriter ValueInfo(string name, ElementType type, long[] rowShape)
    {
        var shape = new ProtoWriter().Message(1, new ProtoWriter().String(2, "batch"));
        foreach (var dim in rowShape)
        {
            shape.Message(1, dim < 0 ? new ProtoWriter().String(2, $"{name}_dim") : new ProtoWriter().Int(1, dim));
        }
        var tensorType = new ProtoWriter().Int(1, (int)type).Message(2, shape);
        return new ProtoWriter().String(1, name).Message(2, new ProtoWriter().Message(1, tensorType));
    }
}
