using Mle.Errors;
using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

public sealed class PipelineDefinitionReaderTests
{
    [Fact]
    public void The_issue_example_reads_into_its_steps()
    {
        var reading = PipelineDefinitionReader.Read(Definitions.Fraud);

        Assert.Empty(reading.Problems);
        var definition = reading.Definition!;
        Assert.Equal("fraud", definition.Name);
        Assert.Equal(PipelineDefinition.Streaming, definition.Kind);
        Assert.Equal(new PipelineSource(PipelineSource.Rest), definition.Source);
        Assert.Equal(["filter", "map", "featurize", "enrich", "score", "sink"], definition.Steps.Select(s => s.Type));
        Assert.Equal("A > 0.5", Assert.IsType<FilterStep>(definition.Steps[0]).Expr);
        Assert.Equal(new FieldAssignment("C", "A + B"), Assert.Single(Assert.IsType<MapStep>(definition.Steps[1]).Set));
        Assert.Equal(("card", "cardId"), (Assert.IsType<FeaturizeStep>(definition.Steps[2]).FeatureSet, ((FeaturizeStep)definition.Steps[2]).Entity));
        Assert.Equal(["amount_avg_10m"], Assert.IsType<EnrichStep>(definition.Steps[3]).Features!);
        Assert.Equal(("tiny@champion", "prediction"), (Assert.IsType<ScoreStep>(definition.Steps[4]).Model, ((ScoreStep)definition.Steps[4]).Output));
        var sink = Assert.IsType<SinkStep>(definition.Steps[5]);
        Assert.Equal((SinkStep.Webhook, "http://127.0.0.1:9000/hook"), (sink.To, sink.Url));
        Assert.All(definition.Steps, s => Assert.Null(s.After));
    }

    [Fact]
    public void A_stream_source_its_schema_and_after_lists_are_read()
    {
        var definition = PipelineDefinitionReader.Read(Definitions.Diamond).Definition!;

        Assert.Equal(PipelineSource.Stream, definition.Source.Type);
        Assert.Equal("input.clicks", definition.Source.Namespace);
        Assert.Equal("float", definition.Source.Schema!["A"]);
        Assert.Equal(["high", "label"], definition.Steps[3].After!);
    }

    [Fact]
    public void Kind_and_a_score_steps_output_have_defaults()
    {
        var reading = PipelineDefinitionReader.Read("""{"name": "p", "source": {"type": "rest"}, "steps": [{"name": "s", "type": "score", "model": "tiny"}]}""");

        Assert.Empty(reading.Problems);
        Assert.Equal(PipelineDefinition.Streaming, reading.Definition!.Kind);
        Assert.Equal(ScoreStep.DefaultOutput, Assert.IsType<ScoreStep>(reading.Definition.Steps[0]).Output);
    }

    [Fact]
    public void Every_problem_of_the_shape_is_reported_at_once_with_its_path()
    {
        var reading = PipelineDefinitionReader.Read("""
            {"name": "bad name!", "kind": "batch", "colour": "red",
             "source": {"type": "stream"},
             "steps": [
               {"name": "f", "type": "filter", "exp": "A > 1"},
               {"name": "m", "type": "map", "set": {"C": 1, "2x": "A"}},
               {"name": "j", "type": "join"},
               {"type": "filter", "expr": "true"},
               {"name": "s", "type": "sink", "to": "webhook", "url": "ftp://x"},
               {"name": "t", "type": "sink", "to": "email"},
               {"name": "e", "type": "enrich", "featureSet": "card", "entity": "card id", "features": []},
               {"name": "a", "type": "filter", "expr": "true", "after": "f"}]}
            """);

        Assert.Equal(
        [
            ("colour", ErrorCodes.InvalidRequest),
            ("name", ErrorCodes.InvalidName),
            ("kind", ErrorCodes.InvalidRequest),
            ("source.namespace", ErrorCodes.InvalidRequest),
            ("steps[0].exp", ErrorCodes.InvalidRequest),
            ("steps[0].expr", ErrorCodes.InvalidRequest),
            ("steps[1].set.C", ErrorCodes.InvalidRequest),
            ("steps[1].set.2x", ErrorCodes.InvalidName),
            ("steps[2].type", ErrorCodes.UnknownStepType),
            ("steps[3].name", ErrorCodes.InvalidRequest),
            ("steps[4].url", ErrorCodes.InvalidRequest),
            ("steps[5].to", ErrorCodes.InvalidRequest),
            ("steps[6].entity", ErrorCodes.InvalidName),
            ("steps[6].features", ErrorCodes.InvalidRequest),
            ("steps[7].after", ErrorCodes.InvalidRequest),
        ], reading.Problems.Select(p => (p.Path, p.Code)));
        Assert.Contains("none of filter, map, featurize, enrich, score, sink", reading.Problems[8].Message, StringComparison.Ordinal);
        Assert.Equal(8, reading.Definition!.Steps.Length);
    }

    [Theory]
    [InlineData("not json")]
    [InlineData("[1, 2]")]
    [InlineData("{\"name\": \"p\", \"source\": {\"type\": \"rest\"}, \"steps\": []}")]
    [InlineData("{\"name\": \"p\", \"source\": {\"type\": \"rest\"}}")]
    [InlineData("{\"name\": \"p\", \"steps\": [{\"name\": \"f\", \"type\": \"filter\", \"expr\": \"true\"}]}")]
    [InlineData("{\"name\": \"p\", \"source\": {\"type\": \"ftp\"}, \"steps\": [{\"name\": \"f\", \"type\": \"filter\", \"expr\": \"true\"}]}")]
    [InlineData("{\"name\": \"p\", \"source\": {\"type\": \"rest\", \"schema\": {\"A\": \"decimal\"}}, \"steps\": [{\"name\": \"f\", \"type\": \"filter\", \"expr\": \"true\"}]}")]
    public void A_definition_without_a_readable_shape_is_a_problem_not_an_exception(string json)
    {
        var reading = PipelineDefinitionReader.Read(json);

        Assert.NotEmpty(reading.Problems);
        Assert.False(reading.Succeeded);
    }

    [Fact]
    public void Deeply_nested_json_is_refused_as_a_problem()
    {
        var json = "{\"name\": \"p\", \"x\": " + new string('[', 10_000) + new string(']', 10_000) + "}";

        Assert.Equal(ErrorCodes.InvalidRequest, Assert.Single(PipelineDefinitionReader.Read(json).Problems).Code);
    }
}
