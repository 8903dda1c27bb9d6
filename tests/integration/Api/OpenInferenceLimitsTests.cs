using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using static Mle.Tests.Support.BinaryTensors;

namespace Mle.Tests.Integration.Api;

/// <summary>Binary tensor requests stay within the body and rows limits, and crossing one is a 400 <c>{"error"}</c>.</summary>
public sealed class OpenInferenceLimitsTests : IAsyncLifetime
{
    private const string HeaderLength = "Inference-Header-Content-Length";
    private TestSilo? _silo;
    private readonly string _model = RestCalls.UniqueName("oipl");

    private HttpClient Http => _silo!.Http;

    public async Task InitializeAsync()
    {
        _silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Limits:MaxBatchRows"] = "4",
            ["Mle:Limits:MaxRequestBytes"] = "400",
        });
        await Http.RegisterModel(_model, TestModels.OnnxLogistic);
    }

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    [Fact]
    public async Task A_binary_request_within_the_limits_is_scored()
    {
        using var response = await Http.SendAsync(Binary(4, LittleEndian("FP32", new double[12])));
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task Binary_data_over_the_body_limit_is_400()
    {
        // 4 rows fit the rows limit; their padding does not fit the 400-byte body limit.
        var error = await (await Http.SendAsync(Binary(4, LittleEndian("FP32", new double[12]), padding: 300)))
            .AssertInferenceError(HttpStatusCode.BadRequest);
        Assert.Contains("MaxRequestBytes", error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_header_length_over_the_body_limit_is_400()
    {
        using var request = Binary(1, LittleEndian("FP32", 1, 2, 3));
        request.Headers.Remove(HeaderLength);
        request.Headers.Add(HeaderLength, "1000000");
        await (await Http.SendAsync(request)).AssertInferenceError(HttpStatusCode.BadRequest);
    }

    [Fact]
    public async Task Binary_rows_over_the_rows_limit_are_400()
    {
        var error = await (await Http.SendAsync(Binary(5, LittleEndian("FP32", new double[15]))))
            .AssertInferenceError(HttpStatusCode.BadRequest);
        Assert.Contains("MaxBatchRows", error, StringComparison.Ordinal);
    }

    private HttpRequestMessage Binary(int rows, byte[] tensor, int padding = 0)
    {
        var json = $$$"""{"inputs": [{"name": "x", "shape": [{{{rows}}}, 3], "datatype": "FP32", "parameters": {"binary_data_size": {{{tensor.Length}}}}}]}"""
            + new string(' ', padding);
        var header = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. header, .. tensor]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, $"/v2/models/{_model}/infer") { Content = content };
        request.Headers.Add(HeaderLength, header.Length.ToString(CultureInfo.InvariantCulture));
        return request;
    }
}
