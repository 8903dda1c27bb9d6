using Mle.Client;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;

namespace Mle.Tests.Unit.Client;

/// <summary>The SDK's row-to-column conversion: plain code, no cluster.</summary>
public sealed class RowsToColumnsTests
{
    private static readonly ModelSchema Schema = new(
        [
            ColumnSchema.Scalar("age", ScalarKind.Single),
            ColumnSchema.Scalar("visits", ScalarKind.Int32),
            ColumnSchema.Scalar("member", ScalarKind.Boolean),
            ColumnSchema.Scalar("comment", ScalarKind.String),
            ColumnSchema.Vector("embedding", ScalarKind.Single, 2),
        ],
        []);

    private static Dictionary<string, object?> Row(object? age = null, object? visits = null, object? embedding = null) => new()
    {
        ["age"] = age ?? 30.5,
        ["visits"] = visits ?? 3L,
        ["member"] = true,
        ["comment"] = "fine",
        ["embedding"] = embedding ?? new[] { 1f, 2f },
        ["ignored"] = "the model does not read this",
    };

    [Fact]
    public void Rows_become_one_typed_column_per_input()
    {
        var batch = RowsToColumns.Convert(Schema, [Row(), Row(age: 40, visits: 4, embedding: new List<double> { 3, 4 })]);

        Assert.Equal(2, batch.RowCount);
        Assert.Equal(["age", "visits", "member", "comment", "embedding"], batch.Columns.Select(c => c.Name));
        Assert.Equal([30.5f, 40f], ((Column<float>)batch["age"]).Values);
        Assert.Equal([3, 4], ((Column<int>)batch["visits"]).Values);
        Assert.Equal([true, true], ((Column<bool>)batch["member"]).Values);
        Assert.Equal(["fine", "fine"], ((Column<string>)batch["comment"]).Values);
        var embedding = (Column<float>)batch["embedding"];
        Assert.Equal(2, embedding.Width);
        Assert.Equal([1f, 2f, 3f, 4f], embedding.Values);
    }

    [Fact]
    public void A_missing_column_is_named()
    {
        var row = Row();
        row.Remove("comment");
        var error = Assert.Throws<SchemaMismatchException>(() => RowsToColumns.Convert(Schema, [row]));
        Assert.Equal("comment", error.Target);
    }

    [Theory]
    [InlineData("age", "old")]
    [InlineData("age", true)]
    [InlineData("visits", 2.5)]
    [InlineData("visits", 5_000_000_000L)]
    [InlineData("member", 1)]
    [InlineData("comment", 7)]
    [InlineData("embedding", "1,2")]
    [InlineData("age", null)]
    public void A_value_of_the_wrong_type_is_rejected_naming_the_column(string column, object? value)
    {
        var row = Row();
        row[column] = value;
        var error = Assert.Throws<SchemaMismatchException>(() => RowsToColumns.Convert(Schema, [row]));
        Assert.Equal(column, error.Target);
        Assert.Equal(ErrorCodes.SchemaMismatch, error.Code);
    }

    [Fact]
    public void A_vector_of_the_wrong_length_is_rejected_naming_the_column()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => RowsToColumns.Convert(Schema, [Row(embedding: new[] { 1f, 2f, 3f })]));
        Assert.Equal("embedding", error.Target);
        Assert.Contains("length 2", error.Message);
    }

    [Fact]
    public void A_variable_length_vector_takes_the_first_rows_length()
    {
        var schema = new ModelSchema([new ColumnSchema("counts", ScalarKind.Int64, 0, [-1])], []);
        var rows = new[]
        {
            new Dictionary<string, object?> { ["counts"] = new[] { 1, 2, 3 } },
            new Dictionary<string, object?> { ["counts"] = new[] { 4, 5 } },
        };

        var error = Assert.Throws<SchemaMismatchException>(() => RowsToColumns.Convert(schema, rows));
        Assert.Equal("counts", error.Target);
        var batch = RowsToColumns.Convert(schema, rows[..1]);
        Assert.Equal([1L, 2L, 3L], ((Column<long>)batch["counts"]).Values);
    }
}
