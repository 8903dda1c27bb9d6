using System.IO.Compression;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Microsoft.Extensions.Logging;
using Mle.Errors;
using Mle.Tests.Integration.Cluster;

namespace Mle.Tests.Integration.Hostile;

/// <summary>
/// A black-box table of hostile requests against the running silo, as raw bytes. Whatever they carry,
/// the answer is never a 5xx, and an error always has its route's shape: problem-details with a non-empty
/// <c>code</c> outside <c>/v2</c>, <c>{"error": "..."}</c> and nothing else under <c>/v2</c>.
/// </summary>
public sealed class HostileRequestTests(HostileSilo fixture) : IClassFixture<HostileSilo>
{
    private const string Json = "Content-Type: application/json";
    private const string Score = $"/api/v1/models/{HostileSilo.Binary}/versions/1/score";
    private const string ScoreStrings = $"/api/v1/models/{HostileSilo.Strings}/versions/1/score";
    private const string ScoreDynamic = $"/api/v1/models/{HostileSilo.Dynamic}/versions/1/score";
    private const string Infer = $"/v2/models/{HostileSilo.Strings}/versions/1/infer";
    private const string InferDynamic = $"/v2/models/{HostileSilo.Dynamic}/versions/1/infer";

    private static readonly byte[] InvalidUtf8 = [0xff, 0xfe, 0xc3];

    /// <summary>A hostile request and, where the answer is settled, the status and code it must get.</summary>
    public sealed record Case(string Method, string Target, string[] Headers, byte[]? Body, int? Status = null, string? Code = null);

    private static readonly Dictionary<string, Case> Cases = new()
    {
        // Names (issue 6: "nl\n" was saved, then answered 500).
        ["model name with a trailing newline"] = Post("/api/v1/models", """{"name": "nl\n"}""", 400, ErrorCodes.InvalidName),
        ["model name with a control character"] = Post("/api/v1/models", """{"name": "bell\u0007"}""", 400, ErrorCodes.InvalidName),
        ["model name with a lone surrogate"] = Post("/api/v1/models", """{"name": "half\ud800"}""", 400),
        ["model name of 200 characters"] = Post("/api/v1/models", $$"""{"name": "{{new string('a', 200)}}"}""", 400, ErrorCodes.InvalidName),
        ["model name in the path with an encoded newline"] = Get("/api/v1/models/nl%0A", 400, ErrorCodes.InvalidName),
        ["model name in the path that is an emoji"] = Get("/api/v1/models/%F0%9F%98%80", 400, ErrorCodes.InvalidName),
        ["model name in the path that is an encoded lone surrogate"] = Get("/api/v1/models/a%ED%A0%80", 400, ErrorCodes.InvalidName),
        ["model name of 10,000 characters"] = Get("/api/v1/models/" + new string('a', 10_000), 414, ErrorCodes.UrlTooLong),
        ["alias that is a number"] = new("PUT", $"/api/v1/models/{HostileSilo.Binary}/aliases/7", [Json], Utf8("""{"version": 1}"""), 400, ErrorCodes.InvalidName),
        // The header chose the tenant before issue 7; now the credentials do, and the header means nothing.
        ["tenant header with a space"] = new("GET", "/api/v1/models", ["X-Mle-Tenant: two words"], null, 200),
        ["tenant header of 4,000 characters"] = new("GET", "/api/v1/models", ["X-Mle-Tenant: " + new string('t', 4000)], null, 200),

        // Text that is not text.
        ["invalid UTF-8 in a row value"] = Post(ScoreStrings, WithInvalidUtf8("""{"rows": [{"name": "a§", "counts": [1], "weight": 1}]}"""), 400),
        ["invalid UTF-8 in a column name of a row"] = Post(Score, WithInvalidUtf8("""{"rows": [{"X1": 1, "X2": 2, "§": 3}]}"""), 400),
        ["invalid UTF-8 in a column name of columns"] = Post(Score, WithInvalidUtf8("""{"columns": {"X1": [1], "X2": [2], "§": [3]}}"""), 400),
        ["lone surrogate in a column name"] = Post(Score, """{"columns": {"X1": [1], "X2": [2], "\udc00": [3]}}""", 400),
        ["lone surrogate in a string value"] = Post(ScoreStrings, """{"rows": [{"name": "\ud800", "counts": [1], "weight": 1}]}""", 400),
        ["invalid UTF-8 in a model name"] = Post("/api/v1/models", WithInvalidUtf8("""{"name": "a§"}"""), 400),
        ["invalid UTF-8 in an OIP input name"] = Post(Infer, WithInvalidUtf8("""{"inputs": [{"name": "§", "shape": [1, 1], "datatype": "BYTES", "data": ["a"]}]}"""), 400),
        ["invalid UTF-8 in an OIP BYTES value"] = Post(Infer, WithInvalidUtf8("""{"inputs": [{"name": "name", "shape": [1, 1], "datatype": "BYTES", "data": ["§"]}, {"name": "counts", "shape": [1, 1], "datatype": "INT64", "data": [1]}, {"name": "weight", "shape": [1], "datatype": "FP64", "data": [1]}]}"""), 400),
        ["a non-string OIP datatype"] = Post(Infer, """{"inputs": [{"name": "name", "shape": [1, 1], "datatype": 7, "data": ["a"]}]}""", 400),

        // Content types and charsets.
        ["JSON with an empty charset"] = new("POST", Score, ["Content-Type: application/json; charset="], Utf8("""{"rows": [{"X1": 1, "X2": 2}]}"""), 415, ErrorCodes.UnsupportedMediaType),
        ["JSON with charset latin1"] = new("POST", "/api/v1/models", ["Content-Type: application/json; charset=latin1"], Utf8("""{"name": "latin"}"""), 415, ErrorCodes.UnsupportedMediaType),
        ["JSON with charset utf-16"] = new("POST", Score, ["Content-Type: application/json; charset=utf-16"], Encoding.Unicode.GetBytes("""{"rows": [{"X1": 1, "X2": 2}]}"""), 415, ErrorCodes.UnsupportedMediaType),
        ["JSON with an unknown charset on /v2"] = new("POST", Infer, ["Content-Type: application/json; charset=klingon"], Utf8("{}"), 415),
        ["JSON with a quoted UTF-8 charset is fine"] = new("POST", Score, ["Content-Type: application/json; charset=\"UTF-8\""], Utf8("""{"rows": [{"X1": 1, "X2": 2}]}"""), 200),
        ["create a model as text/plain"] = new("POST", "/api/v1/models", ["Content-Type: text/plain"], Utf8("""{"name": "plain"}"""), 415, ErrorCodes.UnsupportedMediaType),
        ["create a model without a content type"] = new("POST", "/api/v1/models", [], Utf8("""{"name": "untyped"}"""), 415, ErrorCodes.UnsupportedMediaType),
        ["a content type that does not parse"] = new("POST", "/api/v1/models", ["Content-Type: ;;;=/"], Utf8("""{"name": "odd"}"""), 415, ErrorCodes.UnsupportedMediaType),
        ["a gzip body"] = new("POST", Score, [Json, "Content-Encoding: gzip"], Gzip("""{"rows": [{"X1": 1, "X2": 2}]}"""), 415, ErrorCodes.UnsupportedMediaType),

        // Framing.
        ["upload with a JSON body"] = Post($"/api/v1/models/{HostileSilo.Binary}/versions", """{"artifact": "AAAA"}""", 400),
        ["upload with chunk size ffffffffffffffff"] = new("POST", $"/api/v1/models/{HostileSilo.Binary}/versions",
            ["Content-Type: multipart/form-data; boundary=b", "Transfer-Encoding: chunked"], Utf8("ffffffffffffffff\r\n--b\r\n0\r\n\r\n"), 400),
        ["chunk size ffffffffffffffff"] = new("POST", Score, [Json, "Transfer-Encoding: chunked"], Utf8("ffffffffffffffff\r\n{}\r\n0\r\n\r\n"), 400),
        ["chunk size that is not hex"] = new("POST", Score, [Json, "Transfer-Encoding: chunked"], Utf8("zz\r\n{}\r\n0\r\n\r\n"), 400),
        ["an empty body"] = Post(Score, "", 400, ErrorCodes.InvalidRequest),
        ["an empty body to create a model"] = Post("/api/v1/models", "", 400, ErrorCodes.InvalidRequest),

        // JSON that parses badly or means nothing.
        ["body null"] = Post(Score, "null", 400, ErrorCodes.InvalidRequest),
        ["body an array"] = Post(Score, "[]", 400, ErrorCodes.InvalidRequest),
        ["10,000 nested arrays"] = Post(Score, "{\"rows\": " + new string('[', 10_000) + new string(']', 10_000) + "}", 400, ErrorCodes.InvalidRequest),
        ["10,000 nested arrays on /v2"] = Post(Infer, "{\"inputs\": " + new string('[', 10_000) + new string(']', 10_000) + "}", 400),
        ["10,000 nested objects to create a model"] = Post("/api/v1/models", new StringBuilder().Insert(0, "{\"a\":", 10_000).Append('1').Append('}', 10_000).ToString(), 400),
        ["a number too large for a float"] = Post(Score, """{"rows": [{"X1": 1e400, "X2": 2}]}""", 400, ErrorCodes.SchemaMismatch),
        ["an integer of 400 digits"] = Post(ScoreStrings, $$"""{"rows": [{"name": "a", "counts": [1{{new string('0', 400)}}], "weight": 1}]}""", 400, ErrorCodes.SchemaMismatch),
        ["a NaN literal"] = Post(Score, """{"rows": [{"X1": NaN, "X2": 2}]}""", 400, ErrorCodes.InvalidRequest),
        ["an Infinity literal on /v2"] = Post(Infer, """{"inputs": [{"name": "weight", "shape": [1], "datatype": "FP64", "data": [Infinity]}]}""", 400),
        ["trailing garbage after the JSON"] = Post(Score, """{"rows": [{"X1": 1, "X2": 2}]} trailing""", 400, ErrorCodes.InvalidRequest),
        ["a second JSON document"] = Post(Score, """{"rows": [{"X1": 1, "X2": 2}]}{"rows": []}""", 400, ErrorCodes.InvalidRequest),
        ["a model name given twice"] = Post("/api/v1/models", """{"name": "first", "name": "second"}""", 400, ErrorCodes.InvalidRequest),
        ["an alias version given twice"] = new("PUT", $"/api/v1/models/{HostileSilo.Binary}/aliases/twice", [Json], Utf8("""{"version": 1, "version": 2}"""), 400, ErrorCodes.InvalidRequest),
        ["rows given twice"] = Post(Score, """{"rows": [{"X1": 1, "X2": 2}], "rows": [{"X1": 3, "X2": 4}]}""", 400, ErrorCodes.InvalidRequest),
        ["rows and columns together"] = Post(Score, """{"rows": [{"X1": 1, "X2": 2}], "columns": {"X1": [3], "X2": [4]}}""", 400, ErrorCodes.InvalidRequest),
        ["a column given twice in a row"] = Post(Score, """{"rows": [{"X1": 1, "X1": 5, "X2": 2}]}""", 400, ErrorCodes.InvalidRequest),
        ["rows that is a string"] = Post(Score, """{"rows": "all of them"}""", 400, ErrorCodes.InvalidRequest),
        ["a row that is a number"] = Post(Score, """{"rows": [7]}""", 400, ErrorCodes.InvalidRequest),
        ["a float column given a string"] = Post(Score, """{"rows": [{"X1": "1", "X2": 2}]}""", 400, ErrorCodes.SchemaMismatch),
        ["a float column given an object"] = Post(Score, """{"rows": [{"X1": {"v": 1}, "X2": 2}]}""", 400, ErrorCodes.SchemaMismatch),
        ["a string column given true"] = Post(ScoreStrings, """{"rows": [{"name": true, "counts": [1], "weight": 1}]}""", 400, ErrorCodes.SchemaMismatch),
        ["a model name that is a number"] = Post("/api/v1/models", """{"name": 42}""", 400, ErrorCodes.InvalidRequest),
        ["zero rows"] = Post(Score, """{"rows": []}""", 400, ErrorCodes.InvalidRequest),
        ["zero rows as columns"] = Post(Score, """{"columns": {"X1": [], "X2": []}}""", 400, ErrorCodes.InvalidRequest),
        ["no columns at all"] = Post(Score, """{"columns": {}}""", 400, ErrorCodes.InvalidRequest),

        // Inputs the engine refuses (issue 6: ONNX Runtime errors were scoring_failed 500).
        ["a row ONNX Runtime cannot multiply"] = Post(ScoreDynamic, """{"rows": [{"x": [1, 2]}]}""", 400, ErrorCodes.InvalidInput),
        ["a tensor ONNX Runtime cannot multiply on /v2"] = Post(InferDynamic, """{"inputs": [{"name": "x", "shape": [1, 2], "datatype": "FP32", "data": [1, 2]}]}""", 400),

        // Routes and methods.
        ["an unknown route"] = Get("/api/v1/nothing-here", 404, ErrorCodes.RouteNotFound),
        ["an unknown route on /v2"] = Get("/v2/nothing-here", 404),
        ["an unknown route outside the API"] = Get("/nothing-here", 404, ErrorCodes.RouteNotFound),
        ["an unknown model"] = Get("/api/v1/models/absent", 404, ErrorCodes.ModelNotFound),
        ["an unknown model on /v2"] = Post("/v2/models/absent/infer", "{}", 404),
        ["DELETE on the model list"] = new("DELETE", "/api/v1/models", [], null, 405, ErrorCodes.MethodNotAllowed),
        ["OPTIONS on the model list"] = new("OPTIONS", "/api/v1/models", [], null, 405, ErrorCodes.MethodNotAllowed),
        ["HEAD on the model list"] = new("HEAD", "/api/v1/models", [], null),
        ["GET on a scoring route"] = Get(Score, 405, ErrorCodes.MethodNotAllowed),
        ["GET on infer"] = Get(Infer, 405),
        ["a version that is not a number or a name"] = Post($"/api/v1/models/{HostileSilo.Binary}/versions/%2B%2B/score", """{"rows": [{"X1": 1, "X2": 2}]}""", 400),
        ["a qualified name with two @"] = Post($"/api/v1/models/{HostileSilo.Binary}@1@2/score", """{"rows": [{"X1": 1, "X2": 2}]}""", 400),

        // Absurd headers the server does accept.
        ["Accept that rules out JSON"] = new("GET", "/api/v1/nothing-here", ["Accept: image/png"], null, 404, ErrorCodes.RouteNotFound),
        ["Accept that rules out JSON on /v2"] = new("GET", "/v2/nothing-here", ["Accept: text/html"], null, 404),
        ["Expect 100-continue with a bad body"] = new("POST", Score, [Json, "Expect: 100-continue"], Utf8("{"), 400, ErrorCodes.InvalidRequest),
        ["ninety junk headers"] = new("GET", "/api/v1/nothing-here", Enumerable.Range(0, 90).Select(i => $"X-Junk-{i}: {i}").ToArray(), null, 404),
        ["a 16 KB header value"] = new("GET", "/api/v1/nothing-here", ["X-Junk: " + new string('j', 16 * 1024)], null, 404),
        ["Content-Encoding identity is fine"] = new("POST", Score, [Json, "Content-Encoding: identity"], Utf8("""{"rows": [{"X1": 1, "X2": 2}]}"""), 200),
    };

    public static TheoryData<string> CaseNames() => [.. Cases.Keys];

    [Theory]
    [MemberData(nameof(CaseNames))]
    public async Task Hostile_request_gets_a_coded_4xx_in_its_routes_shape(string name)
    {
        var hostile = Cases[name];
        var response = await RawHttp.Send(fixture.Silo.BaseAddress, RawHttp.Request(hostile.Method, hostile.Target, [.. hostile.Headers, fixture.Silo.AuthorizationHeader], hostile.Body));

        Assert.True(response.Status < 500, $"{name}: {response.Status} {response.Text} {string.Join(Environment.NewLine, fixture.Logs.Entries)}");
        if (hostile.Status is { } status)
        {
            Assert.True(status == response.Status, $"{name}: expected {status}, got {response.Status} {response.Text}");
        }
        if (response.Status < 400 || hostile.Method == "HEAD")
        {
            return;
        }

        if (hostile.Target.StartsWith("/v2", StringComparison.Ordinal))
        {
            AssertInferenceError(name, response);
        }
        else
        {
            var code = AssertProblem(name, response);
            if (hostile.Code is not null)
            {
                Assert.True(hostile.Code == code, $"{name}: expected code {hostile.Code}, got {code}: {response.Text}");
            }
        }
    }

    /// <summary>
    /// Kestrel refuses these while parsing the request, before any middleware runs, and writes its own empty
    /// response that no application code can give a body (aspnet/KestrelHttpServer#2947). They must still be a
    /// 4xx; the gateway's own limits (<c>Mle:Limits:MaxUrlBytes</c>) sit below Kestrel's so that ordinary
    /// over-long requests get a coded answer instead.
    /// </summary>
    [Theory]
    [InlineData("a NUL byte encoded in the path", "GET /api/v1/models/a%00b HTTP/1.1\r\n", 400)]
    [InlineData("a request line over Kestrel's ceiling", "GET /api/v1/models/{long} HTTP/1.1\r\n", 414)]
    [InlineData("two hundred headers", "GET /api/v1/models HTTP/1.1\r\n{headers}", 431)]
    [InlineData("a negative Content-Length", "POST /api/v1/models HTTP/1.1\r\nContent-Length: -1\r\n", 400)]
    [InlineData("a space inside the method", "GE T /api/v1/models HTTP/1.1\r\n", 400)]
    public async Task Requests_Kestrel_refuses_before_the_gateway_are_still_4xx(string name, string head, int status)
    {
        var request = head.Replace("\\r\\n", "\r\n", StringComparison.Ordinal)
            .Replace("{long}", new string('a', 100 * 1024), StringComparison.Ordinal)
            .Replace("{headers}", string.Concat(Enumerable.Range(0, 200).Select(i => $"X-Junk-{i}: {i}\r\n")), StringComparison.Ordinal)
            + "Host: localhost\r\nConnection: close\r\n\r\n";
        var response = await RawHttp.Send(fixture.Silo.BaseAddress, Encoding.Latin1.GetBytes(request));
        Assert.True(status == response.Status, $"{name}: expected {status}, got {response.Status} {response.Text}");
    }

    [Fact]
    public async Task Hostile_requests_and_abandoned_requests_log_no_warnings_or_stack_traces()
    {
        fixture.Logs.Clear();
        foreach (var name in new[] { "chunk size ffffffffffffffff", "invalid UTF-8 in a row value", "10,000 nested arrays", "a row ONNX Runtime cannot multiply", "an unknown route", "JSON with an empty charset" })
        {
            var hostile = Cases[name];
            await RawHttp.Send(fixture.Silo.BaseAddress, RawHttp.Request(hostile.Method, hostile.Target, [.. hostile.Headers, fixture.Silo.AuthorizationHeader], hostile.Body));
        }

        // A client that promises a body and disconnects half-way through it, as a cancelled HTTP call does.
        var abandoned = Encoding.UTF8.GetBytes($"POST {Score} HTTP/1.1\r\nHost: localhost\r\n{fixture.Silo.AuthorizationHeader}\r\n{Json}\r\nContent-Length: 100000\r\n\r\n{{\"rows\": [{{\"X1\": 1,");
        await RawHttp.Abandon(fixture.Silo.BaseAddress, abandoned);
        // Seen end to end, and noted quietly: as an abort at Debug (by the framework or the gateway's handler) when the
        // connection is known to be gone, or as a body that ended early at Information when Kestrel saw the end first.
        await Eventually.Holds(() => Task.FromResult(fixture.Logs.Entries), entries => entries.Any(e =>
                (e.Level == LogLevel.Debug && (e.Message.Contains("abort", StringComparison.OrdinalIgnoreCase) || e.Message.Contains("abandoned", StringComparison.Ordinal)))
                || (e.Level == LogLevel.Information && e.Message.Contains("Unexpected end of request content", StringComparison.Ordinal))),
            TimeSpan.FromSeconds(30), "the abandoned request is logged");

        var noisy = fixture.Logs.Entries.Where(entry => entry.Level >= LogLevel.Warning || entry.Exception is not null).ToList();
        Assert.True(noisy.Count == 0, string.Join(Environment.NewLine, noisy));
        // Each rejection is still there to read, one line each, at Information.
        Assert.Contains(fixture.Logs.Entries, entry => entry.Level == LogLevel.Information && entry.Message.Contains("invalid_input", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Every_case_in_the_table_is_distinct_and_there_are_at_least_forty() =>
        await Task.Run(() => Assert.True(Cases.Count >= 40 && Cases.Values.Distinct().Count() == Cases.Count));

    private static string AssertProblem(string name, RawResponse response)
    {
        Assert.True(response.ContentType == "application/problem+json", $"{name}: content type {response.ContentType}: {response.Text}");
        var problem = JsonNode.Parse(response.Body)!.AsObject();
        var code = (string?)problem["code"];
        Assert.False(string.IsNullOrEmpty(code), $"{name}: no code in {response.Text}");
        Assert.Equal(response.Status, (int?)problem["status"]);
        Assert.False(string.IsNullOrWhiteSpace((string?)problem["detail"]), $"{name}: no detail in {response.Text}");
        return code!;
    }

    private static void AssertInferenceError(string name, RawResponse response)
    {
        Assert.True(response.ContentType == "application/json", $"{name}: content type {response.ContentType}: {response.Text}");
        var error = JsonNode.Parse(response.Body)!.AsObject();
        Assert.True(error.Count == 1 && error["error"]?.GetValueKind() == JsonValueKind.String, $"{name}: not an OIP error: {response.Text}");
        Assert.False(string.IsNullOrWhiteSpace((string?)error["error"]));
    }

    private static Case Post(string target, string json, int? status = null, string? code = null) => new("POST", target, [Json], Utf8(json), status, code);

    private static Case Post(string target, byte[] body, int? status = null, string? code = null) => new("POST", target, [Json], body, status, code);

    private static Case Get(string target, int? status = null, string? code = null) => new("GET", target, [], null, status, code);

    private static byte[] Utf8(string text) => Encoding.UTF8.GetBytes(text);

    /// <summary>UTF-8 with each '§' replaced by bytes that are not UTF-8, to put them exactly where a test wants.</summary>
    private static byte[] WithInvalidUtf8(string json) =>
        [.. json.Split('§').SelectMany((part, i) => i == 0 ? Encoding.UTF8.GetBytes(part) : [.. InvalidUtf8, .. Encoding.UTF8.GetBytes(part)])];

    private static byte[] Gzip(string text)
    {
        using var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest))
        {
            gzip.Write(Encoding.UTF8.GetBytes(text));
        }
        return compressed.ToArray();
    }
}
