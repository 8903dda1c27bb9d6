using System.Buffers;
using System.Text;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;
using Mle.Silo.Api.Json;

namespace Mle.Tests.Unit.Api;

public sealed class ScoreRequestReaderTests
{
    private static readonly ModelSchema Schema = new(
        [
            ColumnSchema.Scalar("age", ScalarKind.Single),
            ColumnSchema.Scalar("plan", ScalarKind.String),
            ColumnSchema.Scalar("active", ScalarKind.Boolean),
            ColumnSchema.Vector("embedding", ScalarKind.Single, 3),
            ColumnSchema.Scalar("visits", ScalarKind.Int64),
        ],
        [ColumnSchema.Scalar("Score", ScalarKind.Single)]);

    private static ColumnBatch Read(string json, int maxRows = 100) =>
        ScoreRequestReader.Read(new ReadOnlySequence<byte>(Encoding.UTF8.GetBytes(json)), Schema, maxRows);

    [Fact]
    public void Rows_become_typed_columns_in_schema_order()
    {
        var batch = Read("""
            {"rows": [
              {"age": 31.5, "plan": "gold", "active": true, "embedding": [1, 2, 3], "visits": 7},
              {"visits": 9, "embedding": [4, 5, 6], "active": false, "plan": "free", "age": 22}
            ]}
            """);

        Assert.Equal(2, batch.RowCount);
        Assert.Equal(["age", "plan", "active", "embedding", "visits"], batch.Columns.Select(c => c.Name));
        Assert.Equal([31.5f, 22f], ((Column<float>)batch["age"]).Values);
        Assert.Equal(["gold", "free"], ((Column<string>)batch["plan"]).Values);
        Assert.Equal([true, false], ((Column<bool>)batch["active"]).Values);
        Assert.Equal(3, batch["embedding"].Width);
        Assert.Equal([1f, 2, 3, 4, 5, 6], ((Column<float>)batch["embedding"]).Values);
        Assert.Equal([7L, 9L], ((Column<long>)batch["visits"]).Values);
    }

    [Fact]
    public void Columns_form_gives_the_same_batch_as_rows()
    {
        var fromRows = Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}, {"age": 2, "plan": "b", "active": false, "embedding": [4,5,6], "visits": 2}]}""");
        var fromColumns = Read("""{"columns": {"age": [1, 2], "plan": ["a", "b"], "active": [true, false], "embedding": [[1,2,3],[4,5,6]], "visits": [1, 2]}}""");

        Assert.Equal(fromRows.RowCount, fromColumns.RowCount);
        foreach (var column in fromRows.Columns)
        {
            Assert.Equal(column.RawValues.Cast<object>(), fromColumns[column.Name].RawValues.Cast<object>());
        }
    }

    [Fact]
    public void Properties_the_model_does_not_use_are_ignored()
    {
        var batch = Read("""{"requestId": "x", "rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1, "extra": {"nested": [1]}}]}""");
        Assert.Equal(1, batch.RowCount);
        Assert.Null(batch.Find("extra"));
    }

    [Fact]
    public void Null_number_is_a_missing_value()
    {
        var batch = Read("""{"rows": [{"age": null, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}]}""");
        Assert.True(float.IsNaN(((Column<float>)batch["age"]).Values[0]));
    }

    [Fact]
    public void Missing_column_is_rejected_with_its_name_and_row()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}, {"age": 1, "plan": "a", "embedding": [1,2,3], "visits": 1}]}"""));
        Assert.Equal(ErrorCodes.SchemaMismatch, error.Code);
        Assert.Equal("active", error.Target);
        Assert.Contains("row 1", error.Message);
    }

    [Fact]
    public void Wrong_type_is_rejected_with_the_column_name()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": "old", "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}]}"""));
        Assert.Equal("age", error.Target);
        Assert.Contains("float32", error.Message);
        Assert.Contains("a string", error.Message);
    }

    [Fact]
    public void Fractional_number_for_an_integer_column_is_rejected()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1.5}]}"""));
        Assert.Equal("visits", error.Target);
    }

    [Fact]
    public void Wrong_vector_length_is_rejected_with_expected_and_actual_length()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2], "visits": 1}]}"""));
        Assert.Equal("embedding", error.Target);
        Assert.Contains("length 3", error.Message);
        Assert.Contains("length 2", error.Message);
    }

    [Fact]
    public void Scalar_for_a_vector_column_is_rejected()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": 1, "visits": 1}]}"""));
        Assert.Equal("embedding", error.Target);
    }

    [Fact]
    public void Duplicate_column_in_a_row_is_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read("""{"rows": [{"age": 1, "age": 2, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}]}"""));
        Assert.Equal("age", error.Target);
    }

    [Fact]
    public void More_rows_than_the_limit_are_rejected_with_the_real_count()
    {
        var row = """{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}""";
        var error = Assert.Throws<InvalidRequestException>(() => Read($$"""{"rows": [{{string.Join(",", Enumerable.Repeat(row, 5))}}]}""", maxRows: 3));
        Assert.Equal(ErrorCodes.BatchTooLarge, error.Code);
        Assert.Contains("5 rows", error.Message);
    }

    [Theory]
    [InlineData("""{"rows": []}""")]
    [InlineData("""{"rows": {}}""")]
    [InlineData("""{"columns": {}}""")]
    [InlineData("""{"something": 1}""")]
    [InlineData("""[1, 2]""")]
    public void Bodies_without_rows_are_invalid_requests(string json)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read(json));
        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
    }

    [Fact]
    public void Columns_of_different_lengths_are_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Read("""{"columns": {"age": [1, 2], "plan": ["a", "b"], "active": [true], "embedding": [[1,2,3],[4,5,6]], "visits": [1, 2]}}"""));
        Assert.Equal("active", error.Target);
    }

    private const string OneRow = """{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}""";

    [Theory]
    [InlineData($$$"""{"rows": [{{{OneRow}}}]} trailing""")]
    [InlineData($$$"""{"rows": [{{{OneRow}}}]}{"rows": []}""")]
    [InlineData($$$"""{"rows": [{{{OneRow}}}], "rows": [{{{OneRow}}}]}""")]
    [InlineData($$$"""{"rows": [{{{OneRow}}}], "columns": {}}""")]
    public void A_body_that_is_ambiguous_about_its_rows_is_rejected(string json)
    {
        var error = Assert.ThrowsAny<Exception>(() => Read(json));
        Assert.True(error is InvalidRequestException or System.Text.Json.JsonException, error.ToString());
    }

    [Fact]
    public void Zero_rows_are_rejected_in_both_forms()
    {
        Assert.Equal("rows", Assert.Throws<InvalidRequestException>(() => Read("""{"rows": []}""")).Target);
        Assert.Equal("columns", Assert.Throws<InvalidRequestException>(() => Read("""{"columns": {"age": [], "plan": []}}""")).Target);
    }

    [Fact]
    public void A_string_value_that_is_not_utf8_names_its_column()
    {
        var json = Encoding.UTF8.GetBytes("""{"rows": [{"age": 1, "plan": "AB", "active": true, "embedding": [1,2,3], "visits": 1}]}""");
        var at = Array.IndexOf(json, (byte)'A');
        json[at] = 0xff;
        json[at + 1] = 0xfe;

        var error = Assert.Throws<InvalidRequestException>(() => ScoreRequestReader.Read(new ReadOnlySequence<byte>(json), Schema, 100));
        Assert.Equal("plan", error.Target);
    }

    [Fact]
    public void A_lone_surrogate_in_a_string_value_is_rejected() =>
        Assert.Throws<InvalidRequestException>(() => Read("""{"rows": [{"age": 1, "plan": "\ud800", "active": true, "embedding": [1,2,3], "visits": 1}]}"""));

    [Fact]
    public void An_unused_property_whose_name_is_not_utf8_is_rejected_not_ignored()
    {
        var json = Encoding.UTF8.GetBytes("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1, "ZZ": 0}]}""");
        var at = Array.IndexOf(json, (byte)'Z');
        json[at] = 0xc3;
        json[at + 1] = 0x28;

        Assert.Throws<InvalidRequestException>(() => ScoreRequestReader.Read(new ReadOnlySequence<byte>(json), Schema, 100));
    }

    [Fact]
    public void A_number_beyond_float_range_is_a_schema_mismatch_not_infinity() =>
        Assert.Equal("age", Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": 1e400, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}]}""")).Target);

    [Fact]
    public void A_later_request_of_the_same_schema_leaves_an_earlier_batch_as_it_was()
    {
        var first = Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}]}""");
        var second = Read("""{"rows": [{"age": 2, "plan": "b", "active": false, "embedding": [4,5,6], "visits": 2}]}""");

        Assert.Equal([1f], ((Column<float>)first["age"]).Values);
        Assert.Equal(["a"], ((Column<string>)first["plan"]).Values);
        Assert.Equal([1f, 2, 3], ((Column<float>)first["embedding"]).Values);
        Assert.Equal([2f], ((Column<float>)second["age"]).Values);
        Assert.Equal([4f, 5, 6], ((Column<float>)second["embedding"]).Values);
    }

    [Fact]
    public void A_request_refused_halfway_leaves_nothing_behind_for_the_next_one()
    {
        Assert.Throws<SchemaMismatchException>(() => Read("""{"rows": [{"age": 1, "plan": "a", "active": true, "embedding": [1,2,3], "visits": 1}, {"age": 2, "plan": 3}]}"""));

        var next = Read("""{"rows": [{"age": 5, "plan": "e", "active": true, "embedding": [7,8,9], "visits": 5}]}""");

        Assert.Equal(1, next.RowCount);
        Assert.Equal([5f], ((Column<float>)next["age"]).Values);
        Assert.Equal(["e"], ((Column<string>)next["plan"]).Values);
        Assert.Equal([7f, 8, 9], ((Column<float>)next["embedding"]).Values);
        Assert.Equal([5L], ((Column<long>)next["visits"]).Values);
    }

    [Fact]
    public void Text_values_read_again_on_later_requests_are_the_values_sent()
    {
        // More distinct values than the reader keeps, escaped and long ones among them, over two requests.
        string Value(int i) => i % 10 == 0 ? $"long-{new string('x', 80)}-{i}" : $"plan-{i % 150}";
        string Rows(int from) => string.Join(",", Enumerable.Range(from, 300).Select(i =>
            $$"""{"age": 1, "plan": "{{(i % 7 == 0 ? Value(i).Replace("p", "\\u0070", StringComparison.Ordinal) : Value(i))}}", "active": true, "embedding": [1,2,3], "visits": 1}"""));

        var first = Read($$"""{"rows": [{{Rows(0)}}]}""", maxRows: 1000);
        var second = Read($$"""{"rows": [{{Rows(150)}}]}""", maxRows: 1000);

        Assert.Equal(Enumerable.Range(0, 300).Select(Value), ((Column<string>)first["plan"]).Values);
        Assert.Equal(Enumerable.Range(150, 300).Select(Value), ((Column<string>)second["plan"]).Values);
    }
}
