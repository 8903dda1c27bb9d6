using System.Buffers;
using System.Text;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;
using Mle.Silo.Api.OpenInference;

namespace Mle.Tests.Unit.Api;

public sealed class InferRequestReaderTests
{
    private static readonly ModelSchema Schema = new(
        [ColumnSchema.Vector("input", ScalarKind.Single, 4), ColumnSchema.Scalar("label", ScalarKind.String)],
        [ColumnSchema.Scalar("Score", ScalarKind.Single), ColumnSchema.Scalar("PredictedLabel", ScalarKind.Boolean)]);

    private static InferRequest Read(string json, int maxRows = 100) =>
        InferRequestReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), Schema, maxRows);

    [Fact]
    public void Flat_and_nested_data_give_the_same_columns()
    {
        var flat = Read("""{"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [1,2,3,4,5,6,7,8]}, {"name": "label", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}""");
        var nested = Read("""{"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [[1,2,3,4],[5,6,7,8]]}, {"name": "label", "shape": [2, 1], "datatype": "BYTES", "data": [["a"], ["b"]]}]}""");

        Assert.Equal(2, flat.Inputs.RowCount);
        Assert.Equal(((Column<float>)flat.Inputs["input"]).Values, ((Column<float>)nested.Inputs["input"]).Values);
        Assert.Equal(["a", "b"], ((Column<string>)nested.Inputs["label"]).Values);
        Assert.Equal(4, nested.Inputs["input"].Width);
    }

    [Fact]
    public void Tensor_properties_may_come_in_any_order()
    {
        var request = Read("""{"id": "42", "inputs": [{"data": [1,2,3,4], "datatype": "FP32", "shape": [1, 4], "name": "input"}, {"data": ["x"], "shape": [1], "name": "label", "datatype": "BYTES"}]}""");
        Assert.Equal("42", request.Id);
        Assert.Equal([1f, 2, 3, 4], ((Column<float>)request.Inputs["input"]).Values);
    }

    [Fact]
    public void Outputs_filter_names_the_requested_outputs()
    {
        var request = Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["x"]}], "outputs": [{"name": "Score"}]}""");
        Assert.Equal(["Score"], request.Outputs);
    }

    [Fact]
    public void Unknown_output_is_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["x"]}], "outputs": [{"name": "Nope"}]}"""));
        Assert.Contains("Nope", error.Message);
    }

    [Fact]
    public void Data_that_does_not_fill_the_shape_is_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read("""{"inputs": [{"name": "input", "shape": [2, 4], "datatype": "FP32", "data": [1,2,3,4]}, {"name": "label", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}"""));
        Assert.Equal("input", error.Target);
        Assert.Contains("8 values", error.Message);
    }

    [Fact]
    public void Wrong_width_is_rejected_by_name()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"inputs": [{"name": "input", "shape": [1, 3], "datatype": "FP32", "data": [1,2,3]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}"""));
        Assert.Equal("input", error.Target);
    }

    [Fact]
    public void Bytes_for_a_numeric_input_is_a_datatype_mismatch()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "BYTES", "data": ["a","b","c","d"]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}"""));
        Assert.Equal("input", error.Target);
        Assert.Contains("FP32", error.Message);
    }

    [Fact]
    public void Unknown_input_is_rejected()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"inputs": [{"name": "nope", "shape": [1], "datatype": "FP32", "data": [1]}]}"""));
        Assert.Equal("nope", error.Target);
    }

    [Fact]
    public void Missing_input_is_rejected()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}]}"""));
        Assert.Equal("label", error.Target);
    }

    [Fact]
    public void Inputs_with_different_row_counts_are_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}, {"name": "label", "shape": [2], "datatype": "BYTES", "data": ["a", "b"]}]}"""));
        Assert.Equal("shape", error.Target);
    }
}
