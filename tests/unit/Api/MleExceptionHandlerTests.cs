using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Mle.Errors;
using Mle.Silo.Api;
using Mle.Silo.Api.Errors;

namespace Mle.Tests.Unit.Api;

public sealed class MleExceptionHandlerTests
{
    private static readonly IServiceProvider Services = new ServiceCollection().AddLogging().AddMleApi().BuildServiceProvider();

    [Fact]
    public async Task An_unexpected_fault_is_a_500_internal_error_that_names_no_internals()
    {
        var (status, body) = await Handle("/api/v1/models", new InvalidOperationException("connection string Password=hunter2"));

        Assert.Equal(500, status);
        Assert.Equal(ErrorCodes.InternalError, (string?)body["code"]);
        Assert.DoesNotContain("hunter2", body.ToJsonString(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task An_unexpected_fault_under_v2_is_the_protocols_error_body()
    {
        var (status, body) = await Handle("/v2/models/m/infer", new InvalidOperationException("boom"));

        Assert.Equal(500, status);
        Assert.Equal(["error"], body.Select(p => p.Key));
    }

    [Theory]
    [InlineData("/api/v1/models/m", true)]
    [InlineData("/v2/models/m/infer", true)]
    [InlineData("/api/v1/models/m", false)]
    public async Task A_silo_lost_mid_request_is_a_503_to_retry_not_a_fault(string path, bool siloGone)
    {
        Exception lost = siloGone ? new Orleans.Runtime.SiloUnavailableException("silo S127.0.0.1:11112 is dead") : new TimeoutException("response did not arrive on time");
        var context = Context(path, accept: null);

        Assert.True(await Handler().TryHandleAsync(context, lost, CancellationToken.None));

        Assert.Equal(503, context.Response.StatusCode);
        Assert.Equal("1", context.Response.Headers.RetryAfter.ToString());
        var (_, body) = await Handle(path, lost);
        if (path.StartsWith("/v2", StringComparison.Ordinal))
        {
            Assert.Equal(["error"], body.Select(p => p.Key));
        }
        else
        {
            Assert.Equal(ErrorCodes.ClusterUnavailable, (string?)body["code"]);
        }
    }

    [Fact]
    public async Task Malformed_json_is_a_400_invalid_request()
    {
        var (status, body) = await Handle("/api/v1/models", new JsonException("'x' is an invalid start of a value."));

        Assert.Equal(400, status);
        Assert.Equal(ErrorCodes.InvalidRequest, (string?)body["code"]);
    }

    [Theory]
    [InlineData(415, ErrorCodes.UnsupportedMediaType)]
    [InlineData(413, ErrorCodes.RequestTooLarge)]
    [InlineData(400, ErrorCodes.InvalidRequest)]
    [InlineData(408, ErrorCodes.InvalidRequest)]
    public async Task A_framework_bad_request_keeps_its_status_and_gets_a_code(int status, string code)
    {
        var (answered, body) = await Handle("/api/v1/models", new BadHttpRequestException("bad", status));

        Assert.Equal(status, answered);
        Assert.Equal(code, (string?)body["code"]);
    }

    [Fact]
    public async Task A_domain_error_under_v2_maps_to_the_protocols_400()
    {
        var (status, body) = await Handle("/v2/models/m/infer", MleErrors.BatchTooLarge(20, 10));

        Assert.Equal(400, status);
        Assert.Contains("20 rows", (string?)body["error"], StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_client_that_rules_out_json_still_gets_the_problem()
    {
        var (status, body) = await Handle("/api/v1/models", MleErrors.ModelNotFound("m"), accept: "image/png");

        Assert.Equal(404, status);
        Assert.Equal(ErrorCodes.ModelNotFound, (string?)body["code"]);
    }

    [Fact]
    public async Task A_request_its_client_abandoned_gets_no_body()
    {
        var context = Context("/api/v1/models", accept: null);
        using var aborted = new CancellationTokenSource();
        await aborted.CancelAsync();
        context.RequestAborted = aborted.Token;

        Assert.True(await Handler().TryHandleAsync(context, new OperationCanceledException(), CancellationToken.None));
        Assert.Equal(StatusCodes.Status499ClientClosedRequest, context.Response.StatusCode);
        Assert.Equal(0, context.Response.Body.Length);
    }

    [Fact]
    public async Task A_limit_error_names_its_setting_and_value_in_the_limit_member()
    {
        var (status, body) = await Handle("/api/v1/models/m/versions/1/score", MleErrors.BatchTooLarge(12, 10));
        Assert.Equal(StatusCodes.Status413PayloadTooLarge, status);
        Assert.Equal("Mle:Limits:MaxBatchRows", (string?)body["limit"]!["setting"]);
        Assert.Equal(10, (long?)body["limit"]!["value"]);
    }

    [Fact]
    public async Task A_rate_limit_is_429_with_the_limit_and_a_retry_after_over_rest_and_the_open_inference_protocol()
    {
        var refusal = MleErrors.TooManyRequests(ExceededLimit.Of("MaxRequestsPerSecondPerKey", 5), "requests per second", TimeSpan.FromSeconds(1.2));
        foreach (var path in new[] { "/api/v1/models/m/versions/1/score", "/v2/models/m/infer" })
        {
            var context = Context(path, accept: null);
            Assert.True(await Handler().TryHandleAsync(context, refusal, CancellationToken.None));
            await context.Response.BodyWriter.FlushAsync();
            context.Response.Body.Position = 0;
            var body = JsonNode.Parse(context.Response.Body)!.AsObject();
            Assert.Equal(StatusCodes.Status429TooManyRequests, context.Response.StatusCode);
            Assert.Equal("2", context.Response.Headers.RetryAfter.ToString());
            if (path.StartsWith("/v2", StringComparison.Ordinal))
            {
                Assert.Contains("Mle:Limits:MaxRequestsPerSecondPerKey", (string?)body["error"]);
            }
            else
            {
                Assert.Equal(ErrorCodes.TooManyRequests, (string?)body["code"]);
                Assert.Equal("Mle:Limits:MaxRequestsPerSecondPerKey", (string?)body["limit"]!["setting"]);
            }
        }
    }

    private static MleExceptionHandler Handler() =>
        new(NullLogger<MleExceptionHandler>.Instance, Microsoft.Extensions.Options.Options.Create(new Mle.Configuration.LimitsOptions()));

    private static async Task<(int Status, JsonObject Body)> Handle(string path, Exception exception, string? accept = null)
    {
        var context = Context(path, accept);
        Assert.True(await Handler().TryHandleAsync(context, exception, CancellationToken.None));
        // Kestrel flushes the response pipe when the request ends; over a plain stream the test does.
        await context.Response.BodyWriter.FlushAsync();
        context.Response.Body.Position = 0;
        return (context.Response.StatusCode, JsonNode.Parse(context.Response.Body)!.AsObject());
    }

    private static DefaultHttpContext Context(string path, string? accept)
    {
        var context = new DefaultHttpContext { RequestServices = Services };
        context.Request.Method = "POST";
        context.Request.Path = path;
        if (accept is not null)
        {
            context.Request.Headers.Accept = accept;
        }
        context.Response.Body = new MemoryStream();
        return context;
    }
}
