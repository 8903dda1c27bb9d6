using Mle.Errors;
using Mle.Features;
using Mle.Features.TrainingSets;

namespace Mle.Tests.Unit.Features.TrainingSets;

public sealed class CsvRecordsTests
{
    [Fact]
    public async Task Fields_with_commas_quotes_line_breaks_and_edge_spaces_round_trip_through_the_writer_and_the_reader()
    {
        string?[][] records =
        [
            ["plain", "with,comma", "with \"quote\"", "two\r\nlines", " padded ", "", "ünïcödé ✓", "lf\nonly"],
            ["1", "2", "3", "4", "5", "6", "7", "8"],
        ];
        var writer = new CsvRecordWriter();
        foreach (var record in records)
        {
            writer.Write(record);
        }
        using var bytes = new MemoryStream();
        await writer.FlushTo(bytes, CancellationToken.None);

        var text = System.Text.Encoding.UTF8.GetString(bytes.ToArray());
        Assert.EndsWith("\r\n", text, StringComparison.Ordinal);
        Assert.StartsWith("plain,\"with,comma\",\"with \"\"quote\"\"\",\"two\r\nlines\",\" padded \",,", text, StringComparison.Ordinal);
        var reader = new CsvRecords(new StringReader(text));
        Assert.Equal(records[0], await reader.Next());
        Assert.Equal(1, reader.RecordLine);
        Assert.Equal(records[1], await reader.Next());
        Assert.Equal(4, reader.RecordLine);
        Assert.Null(await reader.Next());
    }

    [Fact]
    public async Task Bare_line_feeds_a_missing_final_line_break_and_blank_lines_are_read()
    {
        var reader = new CsvRecords(new StringReader("a,b\n\n1,2\r\n3,\"4\""));

        Assert.Equal(["a", "b"], (await reader.Next())!);
        Assert.Equal(["1", "2"], (await reader.Next())!);
        Assert.Equal(["3", "4"], (await reader.Next())!);
        Assert.Null(await reader.Next());
    }

    [Theory]
    [InlineData("a,\"b\nc", "never closed")]
    [InlineData("a,b\"c\n", "quote inside an unquoted field")]
    [InlineData("a,\"b\"c\n", "after a closing quote")]
    public async Task Malformed_csv_is_invalid_training_set_naming_what_is_wrong(string text, string what)
    {
        var reader = new CsvRecords(new StringReader(text));

        var error = await Assert.ThrowsAsync<InvalidRequestException>(async () => await reader.Next());

        Assert.Equal(ErrorCodes.InvalidTrainingSet, error.Code);
        Assert.Contains(what, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_field_longer_than_the_limit_is_refused_instead_of_growing_without_bound()
    {
        var reader = new CsvRecords(new StringReader("\"" + new string('x', 100)), maxFieldChars: 10);

        var error = await Assert.ThrowsAsync<InvalidRequestException>(async () => await reader.Next());

        Assert.Contains("longer than 10 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Cells_are_culture_invariant_and_doubles_round_trip_exactly()
    {
        foreach (var x in new[] { 0.1, 1.0 / 3, 1e-300, -2.5e17, 123456789.123456789, double.Epsilon })
        {
            var text = DatasetCells.Format(FeatureValue.Float(x))!;
            Assert.Equal(x, double.Parse(text, System.Globalization.CultureInfo.InvariantCulture));
        }
        Assert.Equal("-42", DatasetCells.Format(FeatureValue.Int(-42)));
        Assert.Equal("true", DatasetCells.Format(FeatureValue.Bool(true)));
        Assert.Null(DatasetCells.Format(FeatureValue.Null));
        Assert.Equal("[1.5,\"a\",null]", DatasetCells.Format(FeatureValue.List([1.5, "a", FeatureValue.Null])));
    }
}
