using Microsoft.Extensions.DependencyInjection;
using Mle.Configuration;
using Mle.Pipelines;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Orleans.Storage;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// Issue 9: a pipeline's counters are saved while events flow (every <c>Mle:Pipelines:CountersSaveInterval</c>), not
/// only at lifecycle changes, so what a crash can lose is bounded by that interval; a restart keeps them.
/// </summary>
public sealed class PipelineCountersDurabilityTests
{
    private const string Definition = """
        {"name": "NAME", "source": {"type": "rest", "schema": {"X1": "number"}},
         "steps": [{"name": "double", "type": "map", "set": {"Y": "X1 * 2"}}]}
        """;

    [Fact]
    public async Task Counters_reach_storage_within_the_save_interval_while_running_and_survive_a_restart()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Pipelines:CountersSaveInterval"] = "00:00:01" });
        var name = RestCalls.UniqueName("durable");
        await silo.Http.CreatePipeline(Definition.Replace("NAME", name, StringComparison.Ordinal));
        await silo.Http.Command(name, "deploy");

        await silo.Http.Pushed(name, Enumerable.Range(0, 12).Select(i => PipelineCalls.Event($"e{i}", $"k{i}", $$"""{"X1": {{i}}}""")));
        await silo.Http.Settled(name, 12);

        // No lifecycle change and no deactivation since the events: only the periodic save can put them in storage.
        var storage = silo.Services.GetRequiredKeyedService<IGrainStorage>(StorageNames.Registry);
        var grainId = silo.Grains.GetGrain<IPipelineGrain>($"default/{name}").GetGrainId();
        var saved = await Eventually.Holds(async () =>
        {
            var state = new GrainState<PipelineGrainState>(new PipelineGrainState());
            await storage.ReadStateAsync("pipeline", grainId, state);
            return state.State!;
        }, s => s!.Counters.In == 12, PipelineCalls.Patience, "the counters saved");
        Assert.Equal(new PipelineCounters(12, 12, 0, 0, 0), saved!.Counters);
        Assert.Equal(12, saved.Silos.Values.Sum(s => s.Events));

        await silo.RestartAsync();

        var status = await silo.Http.Status(name);
        Assert.Equal("""{"in":12,"out":12,"filtered":0,"failed":0,"deadLettered":0}""", status["counters"]!.ToJsonString());
        Assert.Equal(12, (long?)status["silos"]![0]!["processed"]);
    }
}
