using System.Buffers;
using System.Text;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;
using Mle.Silo.Api.Errors;
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
    public void A_later_request_of_the_same_schema_leaves_an_earlier_one_as_it_was()
    {
        var first = Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1,2,3,4]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["a"]}]}""");
        Assert.Throws<InvalidRequestException>(() => Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [9,9,9,9]}, {"name": "label", "shape": [2], "datatype": "BYTES", "data": ["b"]}]}"""));
        var second = Read("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [5,6,7,8]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["c"]}]}""");

        Assert.Equal([1f, 2, 3, 4], ((Column<float>)first.Inputs["input"]).Values);
        Assert.Equal(["a"], ((Column<string>)first.Inputs["label"]).Values);
        Assert.Equal([5f, 6, 7, 8], ((Column<float>)second.Inputs["input"]).Values);
        Assert.Equal(["c"], ((Column<string>)second.Inputs["label"]).Values);
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
        Assert.Equal(["Score"], request.Outputs!.Select(o => o.Name));
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

    private const string Label = """{"name": "label", "shape": [1], "datatype": "BYTES", "data": ["a"]}""";

    private const string Input = """{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}""";

    /// <summary>Malformed requests, each with a word the error message must contain.</summary>
    public static TheoryData<string, string> MalformedRequests => new()
    {
        { "[]", "JSON object" },
        { "5", "JSON object" },
        { "{}", "inputs" },
        { """{"inputs": {}}""", "array" },
        { """{"inputs": []}""", "inputs" },
        { """{"inputs": [5]}""", "tensor" },
        { """{"id": 5, "inputs": [""" + Input + ", " + Label + "]}", "\"id\"" },
        { """{"inputs": [{"name": 5, "shape": [1], "datatype": "FP32", "data": [1]}]}""", "name" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": 5, "data": [1, 2, 3, 4]}, """ + Label + "]}", "datatype" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": null, "data": [1, 2, 3, 4]}, """ + Label + "]}", "datatype" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": ["FP32"], "data": [1, 2, 3, 4]}, """ + Label + "]}", "datatype" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "data": [1, 2, 3, 4]}, """ + Label + "]}", "datatype" },
        { """{"inputs": [{"name": "input", "shape": "1, 4", "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "shape" },
        { """{"inputs": [{"name": "input", "shape": [-1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "non-negative" },
        { """{"inputs": [{"name": "input", "shape": [1.5, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "non-negative" },
        { """{"inputs": [{"name": "input", "shape": [1, "4"], "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "non-negative" },
        { """{"inputs": [{"name": "input", "shape": [99999999999, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "non-negative" },
        { """{"inputs": [{"name": "input", "shape": null, "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "shape" },
        { """{"inputs": [{"name": "input", "shape": [], "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "shape" },
        { """{"inputs": [{"name": "input", "shape": [1, 2, 2], "datatype": "FP32", "data": [1, 2, 3]}, """ + Label + "]}", "4 values" },
        { """{"inputs": [{"name": "input", "shape": [1, 65536, 65536], "datatype": "FP32", "data": [1, 2, 3, 4]}, """ + Label + "]}", "values" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, "3", 4]}, """ + Label + "]}", "input" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, {"x": 3}, 4]}, """ + Label + "]}", "input" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": [7]}]}""", "label" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4], "parameters": 5}, """ + Label + "]}", "parameters" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4], "parameters": []}, """ + Label + "]}", "parameters" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": -1}}, """ + Label + "]}", "binary_data_size" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": "16"}}, """ + Label + "]}", "binary_data_size" },
        { """{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "parameters": {"binary_data_size": 16}}, """ + Label + "]}", "Inference-Header-Content-Length" },
        { """{"inputs": [""" + Input + ", " + Label + """], "parameters": "binary"}""", "parameters" },
        { """{"inputs": [""" + Input + ", " + Label + """], "parameters": {"binary_data_output": 1}}""", "binary_data_output" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": {"name": "Score"}}""", "outputs" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": ["Score"]}""", "outputs" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": [{"name": 5}]}""", "name" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": [{"name": null}]}""", "name" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": [{}]}""", "name" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": [{"name": "Score", "parameters": 1}]}""", "parameters" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": [{"name": "Score", "parameters": {"binary_data": "yes"}}]}""", "binary_data" },
        { """{"inputs": [""" + Input + ", " + Label + """], "outputs": [{"name": "Nope"}]}""", "Nope" },
        { """{"inputs": [""" + Input + ", " + Input + ", " + Label + "]}", "twice" },
        { """{"inputs": [""" + Input + ", " + Label + "]} trailing", "Inference-Header-Content-Length" },
        { """{"inputs": [""" + Input + ", " + Label + "]}{}", "Inference-Header-Content-Length" },
    };

    [Theory]
    [MemberData(nameof(MalformedRequests))]
    public void Malformed_requests_are_client_errors_that_say_what_is_wrong(string json, string mentioned)
    {
        var error = Assert.ThrowsAny<MleException>(() => Read(json));
        Assert.InRange(ErrorStatus.For(error.Code), 400, 499);
        Assert.Contains(mentioned, error.Message, StringComparison.OrdinalIgnoreCase);
    }

    [Theory]
    [InlineData("""{"inputs": [""")]
    [InlineData("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4}]}""")]
    [InlineData("""{"inputs" [] }""")]
    [InlineData("")]
    public void Truncated_or_broken_json_is_a_json_error_the_gateway_reports_as_400(string json) =>
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => Read(json));

    [Theory]
    [InlineData("""{"inputs": [{"name": "input", "shape": [0, 4], "datatype": "FP32", "data": []}, {"name": "label", "shape": [0], "datatype": "BYTES", "data": []}]}""")]
    [InlineData("""{"inputs": [{"name": "input", "shape": [0], "datatype": "FP32", "data": []}]}""")]
    [InlineData("""{"inputs": [{"name": "input", "shape": [1, 0], "datatype": "FP32", "data": []}, """ + Label + "]}")]
    public void A_tensor_without_rows_or_values_is_rejected(string json)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(json));
        Assert.Equal("input", error.Target);
    }

    [Fact]
    public void Invalid_utf8_in_a_name_is_a_client_error()
    {
        var json = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "inpu?", "shape": [1], "datatype": "FP32", "data": [1]}]}""");
        json[Array.IndexOf(json, (byte)'?')] = 0xFF;
        var error = Assert.ThrowsAny<MleException>(() => InferRequestReader.Read(new ReadOnlySequence<byte>(json), Schema, 100));
        Assert.InRange(ErrorStatus.For(error.Code), 400, 499);
    }

    [Fact]
    public void Invalid_utf8_in_a_bytes_value_is_a_client_error()
    {
        var json = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "input", "shape": [1, 4], "datatype": "FP32", "data": [1, 2, 3, 4]}, {"name": "label", "shape": [1], "datatype": "BYTES", "data": ["a?b"]}]}""");
        json[Array.IndexOf(json, (byte)'?')] = 0xC3;
        var error = Assert.ThrowsAny<MleException>(() => InferRequestReader.Read(new ReadOnlySequence<byte>(json), Schema, 100));
        Assert.Equal("label", error.Target);
        Assert.InRange(ErrorStatus.For(error.Code), 400, 499);
    }

    [Fact]
    public void Outputs_say_whether_they_are_wanted_as_binary_data()
    {
        var defaults = Read("""{"inputs": [""" + Input + ", " + Label + "]}");
        Assert.True(defaults.Wants("Score"));
        Assert.False(defaults.WantsBinary("Score"));

        var all = Read("""{"inputs": [""" + Input + ", " + Label + """], "parameters": {"binary_data_output": true}}""");
        Assert.True(all.WantsBinary("Score") && all.WantsBinary("PredictedLabel"));

        var mixed = Read("""{"parameters": {"binary_data_output": true}, "inputs": [""" + Input + ", " + Label
            + """], "outputs": [{"name": "Score", "parameters": {"binary_data": false}}, {"name": "PredictedLabel"}]}""");
        Assert.False(mixed.WantsBinary("Score"));
        Assert.True(mixed.WantsBinary("PredictedLabel"));

        var one = Read("""{"inputs": [""" + Input + ", " + Label + """], "outputs": [{"name": "Score", "parameters": {"binary_data": true}}]}""");
        Assert.True(one.WantsBinary("Score"));
        Assert.False(one.Wants("PredictedLabel"));
    }
}
