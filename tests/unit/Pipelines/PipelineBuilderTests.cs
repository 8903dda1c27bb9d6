using System.Text.Json.Nodes;
using Mle.Client;
using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

public sealed class PipelineBuilderTests
{
    [Fact]
    public void The_builder_writes_the_issue_example_exactly()
    {
        var built = new PipelineBuilder("fraud").FromRest()
            .Filter("big", "A > 0.5")
            .Map("derive", ("C", "A + B"))
            .Featurize("feat", "card", "cardId")
            .Enrich("enrich", "card", "cardId", "amount_avg_10m")
            .Score("score", "tiny@champion", "prediction")
            .ToWebhook("out", new Uri("http://127.0.0.1:9000/hook"))
            .ToJson();

        Assert.True(JsonNode.DeepEquals(JsonNode.Parse(Definitions.Fraud), JsonNode.Parse(built)), built);
    }

    [Fact]
    public void After_makes_the_last_step_a_join_that_the_reader_reads_as_written()
    {
        var built = new PipelineBuilder("diamond").FromStream("clicks")
            .Map("a", ("X", "1.0")).After()
            .Map("b", ("Y", "2.0")).After()
            .Filter("both", "X < Y").After("a", "b")
            .ToStream("out", "predictions")
            .ToJson();

        var reading = PipelineDefinitionReader.Read(built);

        Assert.Empty(reading.Problems);
        Assert.Equal(["a", "b"], reading.Definition!.Steps[2].After!);
        Assert.Empty(reading.Definition.Steps[0].After!);
        Assert.Equal(("stream", "clicks"), (reading.Definition.Source.Type, reading.Definition.Source.Namespace));
    }
}
