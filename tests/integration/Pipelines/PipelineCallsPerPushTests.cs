using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>
/// Issue 9's cost per push, counted where the load of a shared machine does not blur it: the grain calls small pushes
/// to a pipeline of stateless steps make, seen by a call filter on a real silo.
/// </summary>
public sealed class PipelineCallsPerPushTests : IAsyncLifetime
{
    private readonly Calls _calls = new();
    private TestSilo _silo = null!;

    public async Task InitializeAsync() => _silo = await TestSilo.StartAsync(
        new Dictionary<string, string?>
        {
            // Long enough that the pushes of this test fall within one lease and one report period on any machine.
            ["Mle:Pipelines:AdmissionLeaseTime"] = "00:01:00",
            ["Mle:Pipelines:ReportInterval"] = "00:00:10",
        },
        services => services.AddSingleton<IIncomingGrainCallFilter>(_calls));

    public async Task DisposeAsync() => await _silo.DisposeAsync();

    [Fact]
    public async Task Small_pushes_to_a_pipeline_of_stateless_steps_take_one_worker_call_each_and_no_call_to_the_pipeline_each()
    {
        var name = RestCalls.UniqueName("cheap");
        await _silo.Http.CreatePipeline($$$"""
            {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number"}},
             "steps": [{"name": "big", "type": "filter", "expr": "X1 > 0"}]}
            """);
        await _silo.Http.Command(name, "deploy");
        _calls.Clear();

        // 10 pushes of 10 events, each event its own entity: spread by entity, each push would fall in most of the 8
        // partitions and take a worker call (and a stream message) in each.
        const int Pushes = 10;
        for (var p = 0; p < Pushes; p++)
        {
            await _silo.Http.Pushed(name, Enumerable.Range(p * 10, 10).Select(i => PipelineCalls.Event($"e{i}", $"k{i}", """{"X1": 1}""")));
        }
        var status = await Eventually.Holds(() => _silo.Http.Status(name), s => (long?)s["counters"]!["in"] == 100, PipelineCalls.Patience, "100 events counted");

        Assert.Equal(100, (long?)status["counters"]!["out"]);
        Assert.Equal(0, _calls.Of("IPipelineGrain", "Admit"));
        Assert.Equal(1, _calls.Of("IPipelineGrain", "Lease"));
        Assert.InRange(_calls.Of("IPipelineWorkerGrain", "Process"), 1, Pushes);
        // The reports of every batch come added up: one per report period (two if the pushes straddled a period's end).
        Assert.InRange(_calls.Of("IPipelineGrain", "Completed"), 1, 2);
    }

    /// <summary>Counts the calls grains receive, by interface and method.</summary>
    private sealed class Calls : IIncomingGrainCallFilter
    {
        private readonly ConcurrentDictionary<string, int> _counts = new(StringComparer.Ordinal);

        public void Clear() => _counts.Clear();

        public int Of(string grainInterface, string method) => _counts.GetValueOrDefault($"Mle.Pipelines.{grainInterface}.{method}");

        public Task Invoke(IIncomingGrainCallContext context)
        {
            _counts.AddOrUpdate($"{context.InterfaceName}.{context.MethodName}", 1, (_, n) => n + 1);
            return context.Invoke();
        }
    }
}
