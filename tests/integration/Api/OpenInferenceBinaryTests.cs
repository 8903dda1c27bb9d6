using System.Buffers.Binary;
using System.Globalization;
using System.Net;
using System.Net.Http.Headers;
using System.Text;
using System.Text.Json.Nodes;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using Mle.Tests.Support.Onnx;
using static Mle.Tests.Support.BinaryTensors;

namespace Mle.Tests.Integration.Api;

/// <summary>
/// The binary tensor data extension as a stock Triton/KServe client uses it: requests built byte by byte
/// here, little-endian, and every answer compared with what the JSON form of the same request gives.
/// </summary>
public sealed class OpenInferenceBinaryTests(SiloFixture fixture) : IClassFixture<SiloFixture>, IAsyncLifetime
{
    private const string HeaderLength = "Inference-Header-Content-Length";

    private static readonly (string Name, OnnxGraph.ElementType Type, long[] Shape)[] EchoTensors =
    [
        ("f32", OnnxGraph.ElementType.Float, [2]), ("f64", OnnxGraph.ElementType.Double, []),
        ("i32", OnnxGraph.ElementType.Int32, []), ("i64", OnnxGraph.ElementType.Int64, []),
        ("u32", OnnxGraph.ElementType.UInt32, []), ("b", OnnxGraph.ElementType.Bool, []),
        ("s", OnnxGraph.ElementType.String, [1]),
    ];

    /// <summary>ONNX: one input of every column kind, each echoed to an output of the same kind.</summary>
    private static readonly Lazy<byte[]> EchoModel = new(() =>
    {
        var graph = new OnnxGraph()
            .Input("f32", OnnxGraph.ElementType.Float, 2)
            .Input("f64", OnnxGraph.ElementType.Double)
            .Input("i32", OnnxGraph.ElementType.Int32)
            .Input("i64", OnnxGraph.ElementType.Int64)
            .Input("u32", OnnxGraph.ElementType.UInt32)
            .Input("b", OnnxGraph.ElementType.Bool)
            .Input("s", OnnxGraph.ElementType.String, 1);
        foreach (var (name, type, shape) in EchoTensors)
        {
            graph.Node("Identity", [name], [name + "_out"]).Output(name + "_out", type, shape);
        }
        return graph.ToModel();
    });

    private readonly string _classifier = RestCalls.UniqueName("oipb");
    private readonly string _echo = RestCalls.UniqueName("oipb-echo");

    private HttpClient Http => fixture.Silo.Http;

    public async Task InitializeAsync()
    {
        await Http.RegisterModel(_classifier, TestModels.BinaryClassifier);
        await Http.RegisterModel(_echo, EchoModel.Value);
    }

    public Task DisposeAsync() => Task.CompletedTask;

    [Fact]
    public async Task Server_metadata_lists_the_binary_tensor_data_extension()
    {
        var metadata = await (await Http.GetAsync("/v2")).Json();
        Assert.Contains("binary_tensor_data", metadata["extensions"]!.AsArray().Select(e => (string?)e));
    }

    public static TheoryData<string> NumericDatatypes() =>
        ["INT8", "INT16", "INT32", "INT64", "UINT8", "UINT16", "UINT32", "UINT64", "FP16", "BF16", "FP32", "FP64"];

    [Theory]
    [MemberData(nameof(NumericDatatypes))]
    public async Task Every_numeric_datatype_sent_as_binary_scores_like_the_same_values_sent_as_json(string datatype)
    {
        var json = await Infer(_classifier, """
            {"inputs": [{"name": "X1", "shape": [3], "datatype": "FP32", "data": [1, 3, 0]},
                        {"name": "X2", "shape": [3], "datatype": "FP32", "data": [2, 0, 5]}]}
            """);

        var size = 3 * Size(datatype);
        using var response = await Http.SendAsync(BinaryRequest($"/v2/models/{_classifier}/infer", $$$"""
            {"inputs": [{"name": "X1", "shape": [3], "datatype": "{{{datatype}}}", "parameters": {"binary_data_size": {{{size}}}}},
                        {"name": "X2", "shape": [3], "datatype": "{{{datatype}}}", "parameters": {"binary_data_size": {{{size}}}}}]}
            """, LittleEndian(datatype, 1, 3, 0), LittleEndian(datatype, 2, 0, 5)));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal(Outputs(json), Outputs(await response.Json()));
    }

    [Fact]
    public async Task Json_and_binary_inputs_mix_in_one_request()
    {
        var json = await Infer(_classifier, """
            {"inputs": [{"name": "X1", "shape": [2], "datatype": "FP32", "data": [0.25, -1.5]}, {"name": "X2", "shape": [2], "datatype": "FP32", "data": [3, 0.5]}]}
            """);
        using var response = await Http.SendAsync(BinaryRequest($"/v2/models/{_classifier}/infer", """
            {"inputs": [{"name": "X1", "shape": [2], "datatype": "FP32", "data": [0.25, -1.5]}, {"name": "X2", "shape": [2], "datatype": "FP64", "parameters": {"binary_data_size": 16}}]}
            """, LittleEndian("FP64", 3, 0.5)));
        Assert.Equal(Outputs(json), Outputs(await response.Json()));
    }

    [Fact]
    public async Task A_binary_request_needs_no_content_type()
    {
        var json = await Infer(_classifier, """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [2]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]}""");
        using var request = BinaryRequest($"/v2/models/{_classifier}/infer", """
            {"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}, {"name": "X2", "shape": [1], "datatype": "FP32", "parameters": {"binary_data_size": 4}}]}
            """, LittleEndian("FP32", 2), LittleEndian("FP32", 1));
        request.Content!.Headers.ContentType = null;
        using var response = await Http.SendAsync(request);
        Assert.Equal(Outputs(json), Outputs(await response.Json()));
    }

    [Fact]
    public async Task Every_column_kind_round_trips_as_binary_inputs_and_binary_outputs()
    {
        var json = await Infer(_echo, """
            {"inputs": [
              {"name": "f32", "shape": [2, 2], "datatype": "FP32", "data": [1.5, -2.25, 3e10, 0]},
              {"name": "f64", "shape": [2], "datatype": "FP64", "data": [0.1, -1e300]},
              {"name": "i32", "shape": [2], "datatype": "INT32", "data": [-2147483648, 7]},
              {"name": "i64", "shape": [2], "datatype": "INT64", "data": [-9007199254740993, 9007199254740993]},
              {"name": "u32", "shape": [2], "datatype": "UINT32", "data": [4294967295, 0]},
              {"name": "b", "shape": [2], "datatype": "BOOL", "data": [true, false]},
              {"name": "s", "shape": [2, 1], "datatype": "BYTES", "data": ["héllo wörld", ""]}]}
            """);

        var strings = Strings("héllo wörld", "");
        using var response = await Http.SendAsync(BinaryRequest($"/v2/models/{_echo}/infer", $$$"""
            {"parameters": {"binary_data_output": true}, "inputs": [
              {"name": "f32", "shape": [2, 2], "datatype": "FP32", "parameters": {"binary_data_size": 16}},
              {"name": "f64", "shape": [2], "datatype": "FP64", "parameters": {"binary_data_size": 16}},
              {"name": "i32", "shape": [2], "datatype": "INT32", "parameters": {"binary_data_size": 8}},
              {"name": "i64", "shape": [2], "datatype": "INT64", "parameters": {"binary_data_size": 16}},
              {"name": "u32", "shape": [2], "datatype": "UINT32", "parameters": {"binary_data_size": 8}},
              {"name": "b", "shape": [2], "datatype": "BOOL", "parameters": {"binary_data_size": 2}},
              {"name": "s", "shape": [2, 1], "datatype": "BYTES", "parameters": {"binary_data_size": {{{strings.Length}}}}}]}
            """,
            LittleEndian("FP32", 1.5, -2.25, 3e10, 0), LittleEndian("FP64", 0.1, -1e300), LittleEndian("INT32", int.MinValue, 7),
            Int64s(-9007199254740993, 9007199254740993), LittleEndian("UINT32", uint.MaxValue, 0), LittleEndian("BOOL", 1, 0), strings));

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        var (header, outputs) = await BinaryResponse(response);
        Assert.All(header["outputs"]!.AsArray(), o => Assert.Null(o!["data"]));
        Assert.Equal(7, outputs.Count);
        Assert.Equal(Outputs(json), outputs);
    }

    [Fact]
    public async Task Each_output_may_say_whether_it_comes_back_as_binary()
    {
        using var response = await Http.SendAsync(BinaryRequest($"/v2/models/{_classifier}/infer", """
            {"parameters": {"binary_data_output": true},
             "inputs": [{"name": "X1", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}, {"name": "X2", "shape": [2], "datatype": "FP32", "parameters": {"binary_data_size": 8}}],
             "outputs": [{"name": "Score", "parameters": {"binary_data": false}}, {"name": "Probability"}]}
            """, LittleEndian("FP32", 1, 2), LittleEndian("FP32", 3, 4)));

        var (header, outputs) = await BinaryResponse(response);
        var byName = header["outputs"]!.AsArray().ToDictionary(o => (string)o!["name"]!);
        Assert.Equal(["Probability", "Score"], byName.Keys.Order(StringComparer.Ordinal));
        Assert.NotNull(byName["Score"]!["data"]);
        Assert.Equal(8, (int?)byName["Probability"]!["parameters"]!["binary_data_size"]);
        var expected = ReferencePredictions.Binary((1f, 3f), (2f, 4f));
        Assert.Equal(expected.Select(e => e.Probability.ToString("R", CultureInfo.InvariantCulture)), outputs["Probability"].Values);
        Assert.Equal(expected.Select(e => e.Score.ToString("R", CultureInfo.InvariantCulture)), outputs["Score"].Values);
    }

    public static TheoryData<string, string> MalformedBinaryRequests() => new()
    {
        // header length larger than the body
        { "HEADER+100", "X2 FP32 8" },
        { "-1", "X2 FP32 8" },
        { "12abc", "X2 FP32 8" },
        { "99999999999999999999999", "X2 FP32 8" },
        { "", "X2 FP32 8" },
        // sizes that do not add up: 4 bytes sent, 8 declared
        { "HEADER", "X2 FP32 8 short" },
        // a size that is not shape x element size
        { "HEADER", "X2 FP32 6" },
        // more bytes than the inputs declare
        { "HEADER", "X2 FP32 8 long" },
        // a negative size
        { "HEADER", "X2 FP32 -8" },
    };

    [Theory]
    [MemberData(nameof(MalformedBinaryRequests))]
    public async Task Malformed_binary_requests_are_400_with_an_error_body(string headerLength, string tensor)
    {
        var parts = tensor.Split(' ');
        var json = $$$"""{"inputs": [{"name": "X1", "shape": [2], "datatype": "FP32", "data": [1, 2]}, {"name": "{{{parts[0]}}}", "shape": [2], "datatype": "{{{parts[1]}}}", "parameters": {"binary_data_size": {{{parts[2]}}}}}]}""";
        var bytes = parts.Length > 3 && parts[3] == "short" ? new byte[4] : parts.Length > 3 ? new byte[12] : new byte[8];
        var header = Encoding.UTF8.GetByteCount(json);
        using var request = BinaryRequest($"/v2/models/{_classifier}/infer", json, bytes);
        request.Headers.Remove(HeaderLength);
        request.Headers.TryAddWithoutValidation(HeaderLength, headerLength switch
        {
            "HEADER" => header.ToString(CultureInfo.InvariantCulture),
            "HEADER+100" => (header + 100).ToString(CultureInfo.InvariantCulture),
            _ => headerLength,
        });
        await (await Http.SendAsync(request)).AssertInferenceError(HttpStatusCode.BadRequest);
    }

    public static TheoryData<string> MalformedJsonRequests() => new()
    {
        """{"inputs": [{"name": "X1", "shape": [1], "datatype": 32, "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
        """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}], "outputs": [{"name": 1}]}""",
        """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}], "outputs": [{"name": "Nope"}]}""",
        """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}], "parameters": [1]}""",
        """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1], "parameters": "x"}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
        """{"inputs": [{"name": "X1", "shape": [1, -1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
        """{"inputs": [{"name": "X1", "shape": [1, 65536, 65536], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
        """{"inputs": [{"name": "X1", "shape": [3], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
        """{"inputs": [{"name": "X1", "shape": [1], "datatype": "FP32", "data": [1]}, {"name": "X2", "shape": [1], "datatype": "FP32", "data": [1]}]} {}""",
        """{"inputs": [{"name": "X\u00FF", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
    };

    [Theory]
    [MemberData(nameof(MalformedJsonRequests))]
    public async Task Malformed_tokens_are_400_with_an_error_body(string json) =>
        await (await Http.PostJson($"/v2/models/{_classifier}/infer", json)).AssertInferenceError(HttpStatusCode.BadRequest);

    [Fact]
    public async Task Invalid_utf8_in_a_name_or_a_bytes_value_is_400_with_an_error_body()
    {
        foreach (var json in new[]
        {
            """{"inputs": [{"name": "X?", "shape": [1], "datatype": "FP32", "data": [1]}]}""",
            """{"inputs": [{"name": "s", "shape": [1, 1], "datatype": "BYTES", "data": ["?"]}]}""",
        })
        {
            var bytes = Encoding.UTF8.GetBytes(json);
            bytes[Array.IndexOf(bytes, (byte)'?')] = 0xFF;
            var content = new ByteArrayContent(bytes);
            content.Headers.ContentType = new MediaTypeHeaderValue("application/json");
            await (await Http.PostAsync($"/v2/models/{(json.Contains("\"s\"", StringComparison.Ordinal) ? _echo : _classifier)}/infer", content))
                .AssertInferenceError(HttpStatusCode.BadRequest);
        }
    }

    [Fact]
    public async Task Zero_rows_are_400_on_v2_as_on_v1()
    {
        var error = await (await Http.PostJson($"/v2/models/{_classifier}/infer", """
            {"inputs": [{"name": "X1", "shape": [0], "datatype": "FP32", "data": []}, {"name": "X2", "shape": [0], "datatype": "FP32", "data": []}]}
            """)).AssertInferenceError(HttpStatusCode.BadRequest);
        Assert.Contains("zero rows", error, StringComparison.Ordinal);

        using var binary = await Http.SendAsync(BinaryRequest($"/v2/models/{_classifier}/infer", """
            {"inputs": [{"name": "X1", "shape": [0], "datatype": "FP32", "parameters": {"binary_data_size": 0}}, {"name": "X2", "shape": [0], "datatype": "FP32", "parameters": {"binary_data_size": 0}}]}
            """));
        await binary.AssertInferenceError(HttpStatusCode.BadRequest);
        Assert.Equal(HttpStatusCode.BadRequest, (await Http.PostJson($"/api/v1/models/{_classifier}/versions/1/score", """{"rows": []}""")).StatusCode);
    }

    [Fact]
    public async Task Openapi_describes_every_v2_route_with_its_bodies_and_error_shape()
    {
        var document = JsonNode.Parse(await Http.GetStringAsync("/openapi/v1.json"))!;
        var paths = document["paths"]!.AsObject();
        JsonNode Schema(JsonNode? schema)
        {
            // A nullable reference may be described as one of null and the referenced schema.
            schema = schema?["anyOf"]?.AsArray().FirstOrDefault(s => s?["$ref"] is not null)
                ?? schema?["oneOf"]?.AsArray().FirstOrDefault(s => s?["$ref"] is not null) ?? schema;
            var reference = (string?)schema?["$ref"];
            return reference is null ? schema! : document["components"]!["schemas"]![reference.Split('/')[^1]]!;
        }
        IEnumerable<string> Properties(JsonNode? schema) => Schema(schema)["properties"]!.AsObject().Select(p => p.Key);

        foreach (var infer in new[] { "/v2/models/{name}/infer", "/v2/models/{name}/versions/{version}/infer" })
        {
            var post = paths[infer]!["post"]!;
            var body = post["requestBody"]!["content"]!;
            Assert.Contains("inputs", Properties(body["application/json"]!["schema"]));
            Assert.NotNull(body["application/octet-stream"]);
            var ok = post["responses"]!["200"]!["content"]!;
            Assert.Contains("model_name", Properties(ok["application/json"]!["schema"]));
            Assert.Contains("outputs", Properties(ok["application/octet-stream"]!["schema"]));
            var input = Schema(Schema(body["application/json"]!["schema"])["properties"]!["inputs"]!["items"]);
            Assert.Contains("binary_data_size", Properties(input["properties"]!["parameters"]));
        }

        var modelRoutes = paths.Where(p => p.Key.StartsWith("/v2/models/", StringComparison.Ordinal)).ToArray();
        Assert.Equal(6, modelRoutes.Length);
        foreach (var (path, item) in modelRoutes)
        {
            foreach (var (_, operation) in item!.AsObject().Where(o => o.Key is "get" or "post"))
            {
                foreach (var status in new[] { "400", "404" })
                {
                    var error = operation!["responses"]![status]?["content"]?["application/json"]?["schema"];
                    Assert.True(error is not null, $"{path} does not describe its {status} response");
                    Assert.Equal(["error"], Properties(error));
                }
            }
        }
        Assert.Contains("platform", Properties(paths["/v2/models/{name}"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
        Assert.Contains("extensions", Properties(paths["/v2"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
        Assert.Contains("live", Properties(paths["/v2/health/live"]!["get"]!["responses"]!["200"]!["content"]!["application/json"]!["schema"]));
        Assert.Contains("ready", Properties(paths["/v2/health/ready"]!["get"]!["responses"]!["503"]!["content"]!["application/json"]!["schema"]));
    }

    private async Task<JsonObject> Infer(string model, string json)
    {
        var response = await Http.PostJson($"/v2/models/{model}/infer", json);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return await response.Json();
    }

    private static HttpRequestMessage BinaryRequest(string path, string json, params byte[][] tensors)
    {
        var header = Encoding.UTF8.GetBytes(json);
        var content = new ByteArrayContent([.. header, .. tensors.SelectMany(t => t)]);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/octet-stream");
        var request = new HttpRequestMessage(HttpMethod.Post, path) { Content = content };
        request.Headers.Add(HeaderLength, header.Length.ToString(CultureInfo.InvariantCulture));
        return request;
    }

    private static byte[] Int64s(params long[] values)
    {
        var bytes = new byte[values.Length * 8];
        for (var i = 0; i < values.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(i * 8), values[i]);
        }
        return bytes;
    }

    /// <summary>Each output of a JSON response as its name, datatype, shape and values (as text), for comparison.</summary>
    private static Dictionary<string, Tensor> Outputs(JsonObject response) =>
        response["outputs"]!.AsArray().ToDictionary(
            o => (string)o!["name"]!,
            o => new Tensor((string)o!["datatype"]!, string.Join(",", o["shape"]!.AsArray().Select(d => (int)d!)),
                o["data"]!.AsArray().Select(v => v!.GetValueKind() == System.Text.Json.JsonValueKind.String
                    ? (string)v! : v.GetValueKind() is System.Text.Json.JsonValueKind.True or System.Text.Json.JsonValueKind.False
                    ? ((bool)v!).ToString() : Number(v, (string)o["datatype"]!)).ToArray()));

    private static string Number(JsonNode value, string datatype) => datatype switch
    {
        "FP32" => ((float)value).ToString("R", CultureInfo.InvariantCulture),
        "FP64" => ((double)value).ToString("R", CultureInfo.InvariantCulture),
        _ => value.ToJsonString(),
    };

    /// <summary>Splits a binary response at its header length and decodes each binary output by hand.</summary>
    private static async Task<(JsonObject Header, Dictionary<string, Tensor> Outputs)> BinaryResponse(HttpResponseMessage response)
    {
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.Content.ReadAsByteArrayAsync();
        var length = int.Parse(response.Headers.GetValues(HeaderLength).Single(), CultureInfo.InvariantCulture);
        var header = JsonNode.Parse(body.AsSpan(0, length))!.AsObject();
        var offset = length;
        var outputs = new Dictionary<string, Tensor>();
        foreach (var output in header["outputs"]!.AsArray())
        {
            var datatype = (string)output!["datatype"]!;
            var shape = string.Join(",", output["shape"]!.AsArray().Select(d => (int)d!));
            if (output["data"] is not null)
            {
                outputs[(string)output["name"]!] = Outputs(new JsonObject { ["outputs"] = new JsonArray(output.DeepClone()) }).Single().Value;
                continue;
            }
            var size = (int)output["parameters"]!["binary_data_size"]!;
            outputs[(string)output["name"]!] = new Tensor(datatype, shape, Decode(datatype, body.AsSpan(offset, size)));
            offset += size;
        }
        Assert.Equal(body.Length, offset);
        return (header, outputs);
    }

    private static string[] Decode(string datatype, ReadOnlySpan<byte> bytes)
    {
        var values = new List<string>();
        var i = 0;
        while (i < bytes.Length)
        {
            var rest = bytes[i..];
            switch (datatype)
            {
                case "FP32": values.Add(BinaryPrimitives.ReadSingleLittleEndian(rest).ToString("R", CultureInfo.InvariantCulture)); i += 4; break;
                case "FP64": values.Add(BinaryPrimitives.ReadDoubleLittleEndian(rest).ToString("R", CultureInfo.InvariantCulture)); i += 8; break;
                case "INT32": values.Add(BinaryPrimitives.ReadInt32LittleEndian(rest).ToString(CultureInfo.InvariantCulture)); i += 4; break;
                case "INT64": values.Add(BinaryPrimitives.ReadInt64LittleEndian(rest).ToString(CultureInfo.InvariantCulture)); i += 8; break;
                case "UINT32": values.Add(BinaryPrimitives.ReadUInt32LittleEndian(rest).ToString(CultureInfo.InvariantCulture)); i += 4; break;
                case "BOOL": values.Add((rest[0] switch { 0 => false, 1 => true, _ => throw new InvalidDataException($"BOOL byte {rest[0]}") }).ToString()); i += 1; break;
                case "BYTES":
                    var length = BinaryPrimitives.ReadInt32LittleEndian(rest);
                    values.Add(Encoding.UTF8.GetString(rest.Slice(4, length)));
                    i += 4 + length;
                    break;
                default: throw new InvalidDataException($"Unexpected datatype {datatype}");
            }
        }
        return [.. values];
    }

    /// <summary>An output tensor, comparable by value.</summary>
    private sealed record Tensor(string Datatype, string Shape, string[] Values)
    {
        public bool Equals(Tensor? other) =>
            other is not null && Datatype == other.Datatype && Shape == other.Shape && Values.SequenceEqual(other.Values);

        public override int GetHashCode() => HashCode.Combine(Datatype, Shape);

        public override string ToString() => $"{Datatype}[{Shape}] {string.Join(", ", Values)}";
    }
}
