using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Data;
using Mle.Errors;
using Mle.Schema;
using Mle.Scoring;

namespace Mle.Tests.Unit.Scoring;

public sealed class SchemaValidatorTests
{
    private static readonly ModelSchema Schema = new(
        [
            ColumnSchema.Scalar("age", ScalarKind.Single),
            ColumnSchema.Scalar("rooms", ScalarKind.Int32),
            ColumnSchema.Scalar("comment", ScalarKind.String),
            ColumnSchema.Vector("embedding", ScalarKind.Single, 3),
            new ColumnSchema("tokens", ScalarKind.Int64, 0, [-1]),
        ],
        [ColumnSchema.Scalar("Score", ScalarKind.Single)]);

    private readonly SchemaValidator _validator = new(Options.Create(new LimitsOptions { MaxBatchRows = 4 }));

    [Fact]
    public void A_matching_batch_comes_back_as_the_model_reads_it()
    {
        var validated = _validator.Validate(Batch(), Schema);

        Assert.Equal(Schema.Inputs.Select(c => c.Name), validated.Columns.Select(c => c.Name));
        Assert.Equal(2, validated.RowCount);
    }

    [Fact]
    public void Missing_column_is_rejected_with_its_name()
    {
        var error = Assert.Throws<SchemaMismatchException>(() => _validator.Validate(Batch(without: "comment"), Schema));

        Assert.Equal(ErrorCodes.SchemaMismatch, error.Code);
        Assert.Equal("comment", error.Target);
        Assert.Contains("'comment'", error.Message);
    }

    [Fact]
    public void Wrong_type_is_rejected_naming_the_column_and_both_types()
    {
        var error = Assert.Throws<SchemaMismatchException>(() =>
            _validator.Validate(Batch(replace: Column.Create("age", 1, new[] { "old", "young" })), Schema));

        Assert.Equal("age", error.Target);
        Assert.Contains("float32", error.Message);
        Assert.Contains("string", error.Message);
    }

    [Fact]
    public void Wrong_vector_length_is_rejected_with_its_name()
    {
        var error = Assert.Throws<SchemaMismatchException>(() =>
            _validator.Validate(Batch(replace: Column.Create("embedding", 2, new float[4])), Schema));

        Assert.Equal("embedding", error.Target);
        Assert.Contains("length 3", error.Message);
    }

    [Fact]
    public void A_variable_length_vector_takes_any_width()
    {
        var validated = _validator.Validate(Batch(replace: Column.Create("tokens", 5, new long[10])), Schema);

        Assert.Equal(5, validated["tokens"].Width);
    }

    [Fact]
    public void Columns_with_a_different_row_count_are_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            _validator.Validate(Batch(replace: Column.Create("age", 1, new[] { 1f, 2f, 3f })), Schema));

        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
        Assert.Equal("age", error.Target);
    }

    [Fact]
    public void Batch_over_the_row_limit_is_rejected()
    {
        var error = Assert.Throws<InvalidRequestException>(() =>
            _validator.Validate(new ColumnBatch(5, []), Schema));

        Assert.Equal(ErrorCodes.BatchTooLarge, error.Code);
    }

    [Fact]
    public void Json_numbers_convert_to_a_float_input()
    {
        var validated = _validator.Validate(Batch(replace: Column.Create("age", 1, new[] { 30.5, 41.0 })), Schema);

        Assert.Equal(new[] { 30.5f, 41f }, Assert.IsType<Column<float>>(validated["age"]).Values);
    }

    [Fact]
    public void Integers_that_fit_convert_to_an_int32_input()
    {
        var validated = _validator.Validate(Batch(replace: Column.Create("rooms", 1, new[] { 3L, 4L })), Schema);

        Assert.Equal(new[] { 3, 4 }, Assert.IsType<Column<int>>(validated["rooms"]).Values);
    }

    [Fact]
    public void An_integer_too_large_for_int32_is_a_wrong_type()
    {
        var error = Assert.Throws<SchemaMismatchException>(() =>
            _validator.Validate(Batch(replace: Column.Create("rooms", 1, new[] { 3L, long.MaxValue })), Schema));

        Assert.Equal("rooms", error.Target);
    }

    [Fact]
    public void A_float_is_never_truncated_into_an_integer_input()
    {
        var error = Assert.Throws<SchemaMismatchException>(() =>
            _validator.Validate(Batch(replace: Column.Create("rooms", 1, new[] { 3.5, 4.0 })), Schema));

        Assert.Contains("int32", error.Message);
        Assert.Contains("float64", error.Message);
    }

    [Fact]
    public void Extra_columns_are_ignored()
    {
        var batch = Batch();
        var withExtra = batch with { Columns = [.. batch.Columns, Column.Create("unused", 1, new[] { true })] };

        var validated = _validator.Validate(withExtra, Schema);

        Assert.Null(validated.Find("unused"));
    }

    private static ColumnBatch Batch(string? without = null, Column? replace = null)
    {
        Column[] columns =
        [
            Column.Create("age", 1, new[] { 30f, 41f }),
            Column.Create("rooms", 1, new[] { 3, 4 }),
            Column.Create("comment", 1, new[] { "fine", "great" }),
            Column.Create("embedding", 3, new[] { 1f, 2f, 3f, 4f, 5f, 6f }),
            Column.Create("tokens", 2, new[] { 1L, 2L, 3L, 4L }),
        ];
        return new ColumnBatch(2, [.. columns
            .Where(c => c.Name != without)
            .Select(c => replace is not null && c.Name == replace.Name ? replace : c)]);
    }
}
