using Microsoft.Extensions.DependencyInjection;
using Mle.Errors;
using Mle.Pipelines;
using Orleans.Serialization;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>Definitions and their errors cross silos and reach the SDK through the Orleans serializer intact.</summary>
public sealed class PipelineSerializationTests : IDisposable
{
    private readonly ServiceProvider _services = new ServiceCollection().AddSerializer().BuildServiceProvider();

    private T RoundTrip<T>(T value)
    {
        var serializer = _services.GetRequiredService<Serializer>();
        return serializer.Deserialize<T>(serializer.SerializeToArray(value))!;
    }

    [Fact]
    public void A_definition_with_every_kind_of_step_survives_serialization()
    {
        var definition = PipelineDefinitionReader.Read(Definitions.Diamond).Definition!;
        var fraud = PipelineDefinitionReader.Read(Definitions.Fraud).Definition!;

        foreach (var original in new[] { definition, fraud })
        {
            var copy = RoundTrip(original);

            Assert.Equal(original.Name, copy.Name);
            Assert.Equal(original.Source.Type, copy.Source.Type);
            Assert.Equal(original.Source.Schema?.OrderBy(f => f.Key), copy.Source.Schema?.OrderBy(f => f.Key));
            Assert.Equal(original.Steps.Select(Describe), copy.Steps.Select(Describe));
        }
    }

    [Fact]
    public void An_invalid_pipeline_error_keeps_every_problem()
    {
        var error = MleErrors.InvalidPipeline("p", [new DefinitionProblem(ErrorCodes.UnknownField, "Unknown field 'x'.", "steps[0].expr", 3)]);

        var copy = RoundTrip(error);

        Assert.Equal(ErrorCodes.InvalidPipeline, copy.Code);
        Assert.Equal(error.Message, copy.Message);
        Assert.Equal(error.Problems, copy.Problems);
    }

    [Fact]
    public void A_state_conflict_keeps_the_current_state()
    {
        var copy = RoundTrip(Assert.Throws<PipelineStateConflictException>(() => PipelineLifecycle.New("p").Pause()));

        Assert.Equal((ErrorCodes.PipelineStateConflict, "Draft"), (copy.Code, copy.Target));
    }

    private static string Describe(PipelineStep step) => step switch
    {
        FilterStep f => $"{f.Name} filter {f.Expr} after {After(f)}",
        MapStep m => $"{m.Name} map {string.Join(";", m.Set.Select(a => a.Field + "=" + a.Expr))} after {After(m)}",
        FeaturizeStep f => $"{f.Name} featurize {f.FeatureSet} {f.Entity} after {After(f)}",
        EnrichStep e => $"{e.Name} enrich {e.FeatureSet} {e.Entity} {string.Join(",", e.Features ?? [])} after {After(e)}",
        ScoreStep s => $"{s.Name} score {s.Model} {s.Output} after {After(s)}",
        SinkStep s => $"{s.Name} sink {s.To} {s.Url} {s.Namespace} {s.FeatureSet} {s.Entity} after {After(s)}",
        _ => step.ToString(),
    };

    private static string After(PipelineStep step) => step.After is null ? "(previous)" : string.Join(",", step.After);

    public void Dispose() => _services.Dispose();
}
