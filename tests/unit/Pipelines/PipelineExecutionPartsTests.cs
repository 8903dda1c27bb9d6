using System.Text.Json;
using Mle.Data;
using Mle.Errors;
using Mle.Features;
using Mle.Pipelines;
using Mle.Pipelines.Execution;
using Mle.Schema;

namespace Mle.Tests.Unit.Pipelines;

public sealed class PipelineExecutionPartsTests
{
    private static PipelineRecord Record(string id, Dictionary<string, object?> fields) =>
        new(new FeatureEvent(id, "", new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), new Dictionary<string, FeatureValue>()), 0, fields);

    [Fact]
    public void A_webhook_body_has_the_issue_shape_with_outputs_as_an_object()
    {
        var record = Record("e1", new() { ["A"] = 0.9, ["C"] = 1.7, ["prediction"] = new Dictionary<string, object?> { ["PredictedLabel"] = true, ["Probability"] = 0.99f } });

        var body = JsonDocument.Parse(WebhookBody.Write("fraud", 1, [record])).RootElement;

        Assert.Equal("fraud", body.GetProperty("pipeline").GetString());
        Assert.Equal(1, body.GetProperty("version").GetInt32());
        var only = Assert.Single(body.GetProperty("records").EnumerateArray());
        Assert.Equal("e1", only.GetProperty("id").GetString());
        Assert.Equal(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), only.GetProperty("time").GetDateTimeOffset());
        Assert.Equal(1.7, only.GetProperty("fields").GetProperty("C").GetDouble());
        Assert.True(only.GetProperty("fields").GetProperty("prediction").GetProperty("PredictedLabel").GetBoolean());
        Assert.Equal("0.99", only.GetProperty("fields").GetProperty("prediction").GetProperty("Probability").GetRawText());
    }

    [Fact]
    public void Records_become_the_model_inputs_by_name_converted_to_the_columns_types()
    {
        var schema = new ModelSchema([ColumnSchema.Scalar("A", ScalarKind.Single), ColumnSchema.Vector("V", ScalarKind.Double, 2)], []);

        var batch = RecordColumns.Inputs(schema, [Record("e1", new() { ["A"] = 0.5, ["V"] = new List<object?> { 1L, 2.5 } }), Record("e2", new() { ["A"] = 2L, ["V"] = new List<object?> { 3.0, 4.0 } })]);

        Assert.Equal([0.5f, 2f], ((Column<float>)batch["A"]).Values);
        Assert.Equal([1.0, 2.5, 3.0, 4.0], ((Column<double>)batch["V"]).Values);
    }

    [Fact]
    public void A_record_without_a_model_input_is_a_schema_mismatch_naming_the_event_and_the_field()
    {
        var schema = new ModelSchema([ColumnSchema.Scalar("A", ScalarKind.Single)], []);

        var error = Assert.Throws<SchemaMismatchException>(() => RecordColumns.Inputs(schema, [Record("e7", new() { ["A"] = "high" })]));

        Assert.Contains("e7", error.Message, StringComparison.Ordinal);
        Assert.Equal("A", error.Target);
    }

    [Fact]
    public void A_row_of_outputs_has_a_scalar_per_column_and_a_list_per_vector()
    {
        var outputs = new ColumnBatch(2, [Column.Create("Label", 1, new[] { true, false }), Column.Create("Scores", 2, new[] { 0.1f, 0.9f, 0.6f, 0.4f })]);

        var row = RecordColumns.Row(outputs, 1);

        Assert.Equal(false, row["Label"]);
        Assert.Equal(new List<object?> { 0.6f, 0.4f }, row["Scores"]);
    }

    [Fact]
    public void Latency_quantiles_are_the_upper_bounds_of_their_buckets()
    {
        var counts = new long[LatencyHistogram.Bounds.Count + 1];
        counts[LatencyHistogram.Bucket(3)] = 98;
        counts[LatencyHistogram.Bucket(150)] = 2;
        var histogram = new LatencyHistogram(counts);

        Assert.Equal(5, histogram.Quantile(0.5));
        Assert.Equal(200, histogram.Quantile(0.99));
        Assert.Null(LatencyHistogram.Empty.Quantile(0.5));
        Assert.Equal(200, histogram.Add(histogram).Quantile(0.99));
    }

    [Fact]
    public void An_entity_lands_in_the_same_partition_in_every_process()
    {
        // FNV-1a: fixed values, unlike string.GetHashCode, which differs per process.
        Assert.Equal(1, PipelinePartitions.Of("c1", 8));
        Assert.Equal(0, PipelinePartitions.Of("c2", 8));
        Assert.Equal(4, PipelinePartitions.Of("card-42", 8));
        Assert.All(Enumerable.Range(0, 1000), i => Assert.InRange(PipelinePartitions.Of($"e{i}", 3), 0, 2));
    }
}
