using Mle.Endpoints;

namespace Mle.Tests.Unit.Endpoints;

public sealed class FeedbackLogTests : IAsyncLifetime
{
    private readonly EndpointWorld _world = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public Task DisposeAsync() => _world.DisposeAsync().AsTask();

    [Fact]
    public async Task Remembering_a_large_request_reads_each_output_table_once_not_once_per_row()
    {
        const int rows = 10_000;
        var endpoint = await _world.Put("e", """{"graph": {"model": "t@1"}}""");
        var values = Enumerable.Range(0, rows).Select(i => i / (float)rows).ToArray();
        var score = await _world.Score(endpoint, EndpointWorld.Floats("A", values), EndpointWorld.Floats("B", values));
        var log = new FeedbackLog(rows, _world.Metrics);

        var before = GC.GetAllocatedBytesForCurrentThread();
        var requestId = log.Remember(score);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        Assert.Equal(rows, log.Count);
        // Reading the scores of all rows for every row would allocate rows x rows doubles (800 MB here); remembering
        // a row costs a few hundred bytes.
        Assert.InRange(allocated, 0, rows * 2_000L);
        var (matched, unmatched) = log.Apply(endpoint, [new FeedbackLabel(requestId, rows - 1, null, true)]);
        Assert.Equal((1, 0), (matched, unmatched));
    }
}
