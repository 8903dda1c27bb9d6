using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using Mle.Telemetry;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

public sealed class TracingTests
{
    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public async Task A_score_request_is_one_trace_from_http_through_scoring_inline_or_through_the_grain(bool inline)
    {
        // Tracing is on by default only with an OTLP endpoint; this silo turns it on without one.
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Telemetry:Tracing"] = "true",
            ["Mle:Serving:InlineScoring"] = inline ? "true" : "false",
        });
        var model = RestCalls.UniqueName("traced");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);
        var stopped = new ConcurrentQueue<Activity>();
        using var listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == MleTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = stopped.Enqueue,
        };
        ActivitySource.AddActivityListener(listener);

        // The caller's trace (sent as a W3C traceparent by HttpClient) must reach the scoring, inline or in the grain.
        var traceId = ActivityTraceId.CreateRandom();
        using (new Activity("caller").SetParentId(traceId, ActivitySpanId.CreateRandom(), ActivityTraceFlags.Recorded).Start())
        {
            var response = await silo.Http.PostJson($"/api/v1/models/{model}/versions/1/score", """{"rows": [{"X1": 1, "X2": 2}, {"X1": 3, "X2": 4}]}""");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        }

        var score = Assert.Single(stopped, a => a.OperationName == "mle.score" && a.TraceId == traceId);
        Assert.Equal($"default/{model}/1", score.GetTagItem("mle.model"));
        Assert.Equal(2, score.GetTagItem("mle.rows"));
        Assert.Equal("mlnet", score.GetTagItem("mle.flavor"));
        Assert.NotEqual(default, score.ParentSpanId);
    }
}
