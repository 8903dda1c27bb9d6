using System.Buffers;
using System.Text;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;
using Mle.Silo.Api.Errors;
using Mle.Silo.Api.OpenInference;
using static Mle.Tests.Support.BinaryTensors;

namespace Mle.Tests.Unit.Api;

/// <summary>
/// Requests in the binary tensor data extension's form, built byte by byte here: a JSON header whose length
/// the caller states, then each binary input's little-endian elements in the order the inputs are listed.
/// </summary>
public sealed class BinaryTensorRequestTests
{
    private static readonly string[] NumericDatatypes =
        ["INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "FP16", "BF16", "FP32", "FP64"];

    public static TheoryData<string, ScalarKind> NumericDatatypesAndColumns()
    {
        var data = new TheoryData<string, ScalarKind>();
        foreach (var datatype in NumericDatatypes)
        {
            foreach (var kind in new[] { ScalarKind.Single, ScalarKind.Double, ScalarKind.Int32, ScalarKind.Int64, ScalarKind.UInt32 })
            {
                data.Add(datatype, kind);
            }
        }
        return data;
    }

    [Theory]
    [MemberData(nameof(NumericDatatypesAndColumns))]
    public void Every_numeric_datatype_feeds_every_numeric_column(string datatype, ScalarKind kind)
    {
        var schema = new ModelSchema([ColumnSchema.Vector("x", kind, 2)], []);
        // Values every datatype holds exactly: small, non-negative integers (bfloat16 has 8 significant bits).
        var request = Read(schema,
            $$$"""{"inputs": [{"name": "x", "shape": [2, 2], "datatype": "{{{datatype}}}", "parameters": {"binary_data_size": {{{4 * Size(datatype)}}}}}]}""",
            LittleEndian(datatype, 0, 1, 100, 127));

        var column = request.Inputs["x"];
        Assert.Equal(2, request.Inputs.RowCount);
        Assert.Equal(2, column.Width);
        Assert.Equal([0d, 1, 100, 127], column.RawValues.Cast<object>().Select(Convert.ToDouble));
    }

    [Fact]
    public void Elements_are_little_endian_and_keep_their_full_width()
    {
        var schema = new ModelSchema(
            [ColumnSchema.Scalar("i", ScalarKind.Int32), ColumnSchema.Scalar("l", ScalarKind.Int64), ColumnSchema.Scalar("d", ScalarKind.Double), ColumnSchema.Scalar("h", ScalarKind.Single)], []);
        var request = Read(schema, """
            {"inputs": [
              {"name": "i", "shape": [1], "datatype": "INT32", "parameters": {"binary_data_size": 4}},
              {"name": "l", "shape": [1], "datatype": "INT64", "parameters": {"binary_data_size": 8}},
              {"name": "d", "shape": [1], "datatype": "FP64", "parameters": {"binary_data_size": 8}},
              {"name": "h", "shape": [1], "datatype": "FP16", "parameters": {"binary_data_size": 2}}]}
            """,
            new byte[] { 0x04, 0x03, 0x02, 0x01 },
            new byte[] { 0x08, 0x07, 0x06, 0x05, 0x04, 0x03, 0x02, 0x01 },
            new byte[] { 0x00, 0x00, 0x00, 0x00, 0x00, 0x00, 0xF8, 0x3F }, // 1.5
            [0x00, 0xBE]); // -1.5 in half precision

        Assert.Equal([0x01020304], ((Column<int>)request.Inputs["i"]).Values);
        Assert.Equal([0x0102030405060708L], ((Column<long>)request.Inputs["l"]).Values);
        Assert.Equal([1.5], ((Column<double>)request.Inputs["d"]).Values);
        Assert.Equal([-1.5f], ((Column<float>)request.Inputs["h"]).Values);
    }

    [Fact]
    public void Bool_elements_are_single_bytes()
    {
        var schema = new ModelSchema([ColumnSchema.Scalar("b", ScalarKind.Boolean)], []);
        var request = Read(schema, """{"inputs": [{"name": "b", "shape": [3], "datatype": "BOOL", "parameters": {"binary_data_size": 3}}]}""", [1, 0, 1]);
        Assert.Equal([true, false, true], ((Column<bool>)request.Inputs["b"]).Values);

        var error = Assert.Throws<SchemaMismatchException>(() =>
            Read(schema, """{"inputs": [{"name": "b", "shape": [1], "datatype": "BOOL", "parameters": {"binary_data_size": 1}}]}""", [2]));
        Assert.Equal("b", error.Target);
    }

    [Fact]
    public void Bytes_elements_are_a_four_byte_length_and_utf8()
    {
        var schema = new ModelSchema([ColumnSchema.Scalar("s", ScalarKind.String)], []);
        var bytes = Strings("héllo", "", "x");
        var request = Read(schema, $$$"""{"inputs": [{"name": "s", "shape": [3], "datatype": "BYTES", "parameters": {"binary_data_size": {{{bytes.Length}}}}}]}""", bytes);
        Assert.Equal(["héllo", "", "x"], ((Column<string>)request.Inputs["s"]).Values);
    }

    public static TheoryData<byte[]> MalformedBytes => new()
    {
        new byte[] { 0x02, 0x00, 0x00, 0x00, 0xC3, 0x28 }, // invalid UTF-8
        new byte[] { 0x05, 0x00, 0x00, 0x00, 0x61, 0x62 }, // a length past the end
        new byte[] { 0x01, 0x00, 0x00 }, // a length cut short
        new byte[] { 0x01, 0x00, 0x00, 0x00, 0x61, 0x62 }, // a byte left over
        new byte[] { 0xFF, 0xFF, 0xFF, 0xFF, 0x61, 0x62 }, // an absurd length
    };

    [Theory]
    [MemberData(nameof(MalformedBytes))]
    public void Malformed_bytes_elements_are_rejected_by_name(byte[] bytes)
    {
        var schema = new ModelSchema([ColumnSchema.Scalar("s", ScalarKind.String)], []);
        var error = Assert.ThrowsAny<MleException>(() =>
            Read(schema, $$$"""{"inputs": [{"name": "s", "shape": [1], "datatype": "BYTES", "parameters": {"binary_data_size": {{{bytes.Length}}}}}]}""", bytes));
        Assert.Equal("s", error.Target);
        Assert.InRange(ErrorStatus.For(error.Code), 400, 499);
    }

    [Theory]
    [InlineData("INT64", ScalarKind.Int32, 5_000_000_000d)]
    [InlineData("INT8", ScalarKind.UInt32, -1d)]
    [InlineData("UINT64", ScalarKind.Int64, 18_446_744_073_709_551_615d)]
    [InlineData("FP32", ScalarKind.Int64, 1.5)]
    [InlineData("FP64", ScalarKind.Int32, double.NaN)]
    [InlineData("FP64", ScalarKind.Single, 1e300)]
    public void A_value_the_column_cannot_hold_is_rejected(string datatype, ScalarKind kind, double value)
    {
        var schema = new ModelSchema([ColumnSchema.Scalar("x", kind)], []);
        var error = Assert.Throws<SchemaMismatchException>(() =>
            Read(schema, $$$"""{"inputs": [{"name": "x", "shape": [1], "datatype": "{{{datatype}}}", "parameters": {"binary_data_size": {{{Size(datatype)}}}}}]}""",
                LittleEndian(datatype, value)));
        Assert.Equal("x", error.Target);
    }

    private static readonly ModelSchema TwoInputs = new([ColumnSchema.Vector("a", ScalarKind.Single, 2), ColumnSchema.Scalar("b", ScalarKind.Int64)], []);

    [Fact]
    public void Binary_data_follows_the_order_the_inputs_are_listed_in()
    {
        var request = Read(TwoInputs, """
            {"inputs": [{"name": "b", "shape": [1], "datatype": "INT64", "parameters": {"binary_data_size": 8}},
                        {"name": "a", "shape": [1, 2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}]}
            """, LittleEndian("INT64", 7), LittleEndian("FP32", 0.5, -2));
        Assert.Equal([7L], ((Column<long>)request.Inputs["b"]).Values);
        Assert.Equal([0.5f, -2f], ((Column<float>)request.Inputs["a"]).Values);
    }

    [Fact]
    public void Json_and_binary_inputs_mix_in_one_request()
    {
        var request = Read(TwoInputs, """
            {"inputs": [{"name": "a", "shape": [2, 2], "datatype": "FP32", "data": [1, 2, 3, 4]},
                        {"name": "b", "shape": [2], "datatype": "INT64", "parameters": {"binary_data_size": 16}}]}
            """, LittleEndian("INT64", -1, 9));
        Assert.Equal([1f, 2, 3, 4], ((Column<float>)request.Inputs["a"]).Values);
        Assert.Equal([-1L, 9], ((Column<long>)request.Inputs["b"]).Values);
    }

    [Fact]
    public void A_header_length_covering_the_whole_body_is_a_plain_json_request()
    {
        var request = Read(TwoInputs, """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [3]}]}""");
        Assert.Equal(1, request.Inputs.RowCount);
    }

    public static TheoryData<string, byte[], string> InconsistentSizes => new()
    {
        // binary_data_size is not shape x element size
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "parameters": {"binary_data_size": 4}}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[4], "8 bytes" },
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP64", "parameters": {"binary_data_size": 8}}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[8], "16 bytes" },
        // more binary data than the inputs claim
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[9], "add up" },
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[1], "add up" },
        // less binary data than the inputs claim
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}, {"name": "b", "shape": [1], "datatype": "INT64", "parameters": {"binary_data_size": 8}}]}""", new byte[12], "remain" },
        // an absurd size
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "parameters": {"binary_data_size": 9223372036854775807}}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[8], "remain" },
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "parameters": {"binary_data_size": 99999999999999999999}}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[8], "non-negative integer" },
        // both forms at once
        { """{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2], "parameters": {"binary_data_size": 8}}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""", new byte[8], "both" },
    };

    [Theory]
    [MemberData(nameof(InconsistentSizes))]
    public void Sizes_that_do_not_add_up_are_rejected(string json, byte[] binary, string mentioned)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(TwoInputs, json, binary));
        Assert.Contains(mentioned, error.Message, StringComparison.Ordinal);
        Assert.Equal(400, ErrorStatus.For(error.Code));
    }

    [Fact]
    public void A_header_length_beyond_the_body_is_rejected()
    {
        var json = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""");
        var error = Assert.Throws<InvalidRequestException>(() => InferRequestReader.Read(new ReadOnlySequence<byte>(json), json.Length + 1, TwoInputs, 100));
        Assert.Contains(InferenceHeader.ContentLength, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_header_length_that_cuts_the_json_short_is_rejected()
    {
        var json = Encoding.UTF8.GetBytes("""{"inputs": [{"name": "a", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}, {"name": "b", "shape": [1], "datatype": "INT64", "data": [1]}]}""");
        Assert.ThrowsAny<System.Text.Json.JsonException>(() => InferRequestReader.Read(new ReadOnlySequence<byte>(json), json.Length - 1, TwoInputs, 100));
    }

    [Fact]
    public void Rows_over_the_limit_are_rejected_before_binary_data_is_decoded()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(TwoInputs,
            """{"inputs": [{"name": "b", "shape": [4], "datatype": "INT64", "parameters": {"binary_data_size": 32}}]}""", new byte[32]));
        Assert.Equal(ErrorCodes.BatchTooLarge, error.Code);
    }

    [Fact]
    public void Zero_rows_of_binary_data_are_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(TwoInputs,
            """{"inputs": [{"name": "a", "shape": [0, 2], "datatype": "FP32", "parameters": {"binary_data_size": 0}}, {"name": "b", "shape": [0], "datatype": "INT64", "parameters": {"binary_data_size": 0}}]}"""));
        Assert.Contains("zero rows", error.Message, StringComparison.Ordinal);
    }

    private static InferRequest Read(ModelSchema schema, string json, params byte[][] binary)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var body = header.Concat(binary.SelectMany(b => b)).ToArray();
        return InferRequestReader.Read(new ReadOnlySequence<byte>(body), header.Length, schema, maxRows: 3);
    }
}
