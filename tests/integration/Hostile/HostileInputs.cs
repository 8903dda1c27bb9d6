using System.Text;
using System.Text.Json.Nodes;

namespace Mle.Tests.Integration.Hostile;

/// <summary>
/// The hostile values the route fuzzer sends, drawn from one seeded <see cref="Random"/> so a failing run
/// reproduces with its seed. Path values are raw (as sent on the wire, percent-encoded where they must be);
/// bodies are bytes. Nothing here is ever a valid name or a number a route could take: every request must be refused.
/// </summary>
internal sealed class HostileInputs(Random random, string canaryName)
{
    private const string Placeholder = "@@fuzz@@";

    /// <summary>Path segments for a route parameter: traversal in every spelling, NUL, lookalikes, overlong forms, junk.</summary>
    public IEnumerable<(string What, string Raw)> PathValues()
    {
        yield return ("dot-dot", "..");
        yield return ("dot", ".");
        yield return ("encoded dot-dot", "%2e%2e");
        yield return ("encoded dot-dot, upper case", "%2E%2E");
        yield return ("encoded ../ to the canary", $"%2e%2e%2f%2e%2e%2f{canaryName}%2fpwned");
        yield return ("../ with encoded slashes to the canary", $"..%2f..%2f..%2f{canaryName}%2fpwned");
        yield return ("..\\ encoded to the canary", $"..%5c..%5c{canaryName}%5cpwned");
        yield return ("a backslash", "a%5cb");
        yield return ("a lone backslash", "%5c");
        yield return ("an encoded slash", "a%2f..%2f..%2fb");
        yield return ("an absolute path", "%2fetc%2fpasswd");
        yield return ("a NUL", "a%00b");
        yield return ("a trailing NUL after a real name", "binary%00");
        yield return ("overlong UTF-8 dots", "%c0%ae%c0%ae%c0%af");
        yield return ("fullwidth ../", "%ef%bc%8e%ef%bc%8e%ef%bc%8f");
        yield return ("one-dot leaders and a division slash", "%e2%80%a4%e2%80%a4%e2%88%95");
        yield return ("double-encoded ../", "%252e%252e%252f");
        yield return ("dots and doubled slashes", "....%2f%2f");
        yield return ("a right-to-left override", "a%e2%80%aeb");
        yield return ("a CRLF and a header", "a%0d%0aX-Injected:%201");
        yield return ("invalid UTF-8", "%ff%fe");
        yield return ("an encoded lone surrogate", "a%ed%a0%80");
        yield return ("a space", "a%20b");
        yield return ("a tilde", "~");
        yield return ("a device name with a colon", "CON%3a");
        yield return ("a random unicode name", Uri.EscapeDataString("." + RandomText(random.Next(1, 40), unicode: true)));
        yield return ("a random name of 600 characters", Uri.EscapeDataString("z" + RandomText(600, unicode: false)) + "%00");
    }

    /// <summary>The same traversal spellings, decoded, for names inside JSON bodies and multipart headers.</summary>
    public IReadOnlyList<string> Names() =>
    [
        "..", "../../" + canaryName + "/pwned", "..\\..\\" + canaryName + "\\pwned", "/etc/passwd", "C:\\Windows\\x", "a\0b",
        "\uff0e\uff0e\uff0f", "\u2024\u2024\u2215", "%2e%2e%2f", "a/../../b", "\u202e", "line\nbreak", new string('n', 129),
    ];

    /// <summary>Query strings every route gets, hostile in its paging, search and tenant parameters.</summary>
    public IEnumerable<(string What, string Query)> Queries()
    {
        yield return ("a page size of 1e400", "?pageSize=1e400");
        yield return ("a negative page size", "?pageSize=-1");
        yield return ("a page size past int", "?pageSize=99999999999999999999");
        yield return ("a traversal continuation token", $"?continuationToken=..%2f..%2f{canaryName}");
        yield return ("a garbage continuation token", "?continuationToken=" + Uri.EscapeDataString(RandomText(200, unicode: true)));
        yield return ("a NUL search", "?q=%00&tag=%00%3d%00");
        yield return ("a traversal tenant", $"?tenant=..%2f{canaryName}");
        yield return ("every parameter twice", "?pageSize=1&pageSize=2&tenant=a&tenant=b");
    }

    /// <summary>Bodies that are not JSON at all, or JSON of the wrong shape, whatever the route expects.</summary>
    public IEnumerable<(string What, string[] Headers, byte[] Body)> ShapelessBodies()
    {
        const string Json = "Content-Type: application/json";
        yield return ("an empty body", [Json], []);
        yield return ("whitespace", [Json], "  \r\n\t "u8.ToArray());
        yield return ("invalid UTF-8", [Json], [0xff, 0xfe, 0xc3, (byte)'{']);
        yield return ("random bytes", [Json], RandomBytes(random.Next(1, 4096)));
        yield return ("a JSON string", [Json], "\"just a string\""u8.ToArray());
        yield return ("a JSON number", [Json], "1e400"u8.ToArray());
        yield return ("null", [Json], "null"u8.ToArray());
        yield return ("an array", [Json], "[]"u8.ToArray());
        yield return ("deeply nested arrays", [Json], Nested(random.Next(65, 100_000), '[', ']'));
        yield return ("deeply nested objects", [Json], DeepObject(random.Next(65, 20_000)));
        yield return ("a body over the request limit", [Json], Encoding.UTF8.GetBytes("{\"pad\": \"" + new string('p', (int)FuzzSilo.MaxRequestBytes) + "\"}"));
        yield return ("XML", ["Content-Type: application/xml"], "<model name=\"..\"/>"u8.ToArray());
        yield return ("text/plain", ["Content-Type: text/plain"], "{}"u8.ToArray());
        yield return ("a form", ["Content-Type: application/x-www-form-urlencoded"], "name=..%2f..&role=admin"u8.ToArray());
        yield return ("multipart without a boundary", ["Content-Type: multipart/form-data"], "--\r\n"u8.ToArray());
        yield return ("octet-stream with a hostile inference header length", ["Content-Type: application/octet-stream", "Inference-Header-Content-Length: 99999999999"], RandomBytes(64));
        yield return ("no content type", [], "{}"u8.ToArray());
        yield return ("a charset of latin1", ["Content-Type: application/json; charset=latin1"], "{}"u8.ToArray());
    }

    /// <summary>
    /// The template with one thing broken: cut short, a structural character inserted, invalid UTF-8 inserted,
    /// or one value (chosen at random) replaced by a wrong type, a huge or impossible number, deep nesting, a huge
    /// string or a traversal name. The templates carry an invalid anchor value that none of these can repair.
    /// </summary>
    public IEnumerable<(string What, byte[] Body)> Mutations(JsonNode template)
    {
        var text = template.ToJsonString();
        var cut = random.Next(1, text.Length);
        yield return ($"cut at {cut}", Encoding.UTF8.GetBytes(text[..cut]));
        var insertAt = random.Next(1, text.Length);
        var structural = "{}[]:,\"\\"[random.Next(8)];
        yield return ($"'{structural}' inserted at {insertAt}", Encoding.UTF8.GetBytes(text.Insert(insertAt, structural.ToString())));
        var utf8 = Encoding.UTF8.GetBytes(text);
        var badAt = random.Next(1, utf8.Length);
        yield return ($"invalid UTF-8 at byte {badAt}", [.. utf8[..badAt], 0xc3, 0x28, 0xff, .. utf8[badAt..]]);
        yield return ("the template twice", Encoding.UTF8.GetBytes(text + text));
        if (template is JsonObject { Count: > 0 } properties)
        {
            var first = properties.First();
            yield return ($"'{first.Key}' given twice", Encoding.UTF8.GetBytes(text[..^1] + $",\"{first.Key}\":{first.Value?.ToJsonString() ?? "null"}}}"));
        }

        if (!Values(template).Any())
        {
            yield break;
        }
        string[] wrongTypes = ["\"not a number\"", "true", "{}", "[]", "null", "{\"$ref\": \"#\"}", "[1, \"two\", null, {}]"];
        string[] numbers = ["1e400", "-1e400", "1" + new string('0', 400), "9223372036854775808", "-9223372036854775809", "1e-400", "-0", "0." + new string('3', 500), "NaN", "Infinity", "0x10", "01", "+1"];
        foreach (var (kind, value) in new[]
        {
            ("a wrong type", wrongTypes[random.Next(wrongTypes.Length)]),
            ("an impossible number", numbers[random.Next(numbers.Length)]),
            ("deep nesting", Encoding.UTF8.GetString(Nested(random.Next(65, 50_000), '[', ']'))),
            ("a huge string", System.Text.Json.JsonSerializer.Serialize(RandomText(random.Next(100_000, 500_000), unicode: true))),
            ("a traversal name", System.Text.Json.JsonSerializer.Serialize(Names()[random.Next(Names().Count)])),
        })
        {
            var (path, body) = Replace(template, value);
            yield return ($"{kind} at {path}", body);
        }
    }

    /// <summary>Multipart bodies for the artifact upload: hostile artifacts and hostile parts around a valid-looking one.</summary>
    public IEnumerable<(string What, string[] Headers, byte[] Body, int? Status, string? Code)> Uploads()
    {
        yield return Case("a zip bomb declaring 4 GiB", Upload(Support.HostileArtifacts.ZipBomb(4L * 1024 * 1024 * 1024)), 413, Errors.ErrorCodes.ArtifactExpandsTooFar);
        yield return Case("a zip of 10,001 entries", Upload(Support.HostileArtifacts.ZipOfManyEntries(10_001)), 413, Errors.ErrorCodes.ArtifactExpandsTooFar);
        foreach (var entry in new[] { $"../../../{canaryName}/pwned", $"..\\..\\..\\{canaryName}\\pwned", "/tmp/pwned", "Model/../../../pwned", "C:/pwned", "Model/a\0b" })
        {
            yield return Case($"a model zip with the entry '{entry.Replace("\0", "\\0", StringComparison.Ordinal)}'", Upload(Support.HostileArtifacts.ModelWithEntry(entry)), 422, Errors.ErrorCodes.UnsafeArtifactEntry);
        }
        yield return Case("an ONNX file declaring a 2 GiB graph", Upload(Support.HostileArtifacts.OnnxDeclaringTwoGigabytes()), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an ONNX model with rows 2^62 wide", Upload(Support.HostileArtifacts.OnnxOfWidth(1L << 62)), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an ONNX model with rows 2^16 x 2^16 wide", Upload(Support.HostileArtifacts.OnnxOfShape(65_536, 65_536)), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an ONNX model with an input name of 1 MiB", Upload(Support.HostileArtifacts.OnnxWithInputNameOf(1024 * 1024)), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an ONNX model whose weights are in the canary", Upload(Support.HostileArtifacts.OnnxWithExternalData($"../../{canaryName}/canary.txt")), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an ONNX model whose weights are in /etc/passwd", Upload(Support.HostileArtifacts.OnnxWithExternalData("/etc/passwd")), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an empty artifact", Upload([]), 400, null);
        yield return Case("random bytes as an artifact", Upload(RandomBytes(random.Next(1, 100_000))), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("'PK' and then random bytes", Upload([(byte)'P', (byte)'K', 3, 4, .. RandomBytes(random.Next(1, 10_000))]), 422, Errors.ErrorCodes.InvalidArtifact);
        yield return Case("an artifact over the size limit", Upload(new byte[FuzzSilo.MaxArtifactBytes + 1]), 413, Errors.ErrorCodes.ArtifactTooLarge);

        // A real model, so only the hostile part around it can be what refuses the upload.
        var model = Support.TestModels.BinaryClassifier;
        foreach (var name in Names())
        {
            yield return Case($"the flavor '{Printable(name)}'", Upload(model, ("flavor", name)), null, null);
        }
        yield return Case("a traversal file name and an invalid flavor", Upload(model, ("flavor", ".."), fileName: $"../../{canaryName}/pwned"), 422, Errors.ErrorCodes.UnsupportedFlavor);
        yield return Case("metrics nested deeply", Upload(model, ("metrics", Encoding.UTF8.GetString(DeepObject(5_000))), ("flavor", "?")), 400, null);
        yield return Case("metrics of 1e400", Upload(model, ("metrics", "{\"auc\": 1e400}"), ("flavor", "?")), 400, null);
        yield return Case("tags that are an array", Upload(model, ("tags", "[1, 2]"), ("flavor", "?")), 400, null);
        yield return Case("lineage with invalid UTF-8", UploadRaw(model, "lineage", [(byte)'{', 0xff, 0xfe, (byte)'}']), 400, null);
        yield return Case("a part header of 32 KiB", Upload(model, ("x-" + new string('h', 32 * 1024), "v"), ("flavor", "?")), 400, null);
        var (headers, body) = Upload(model, ("flavor", "?"));
        yield return ("a truncated multipart body", headers, body[..(body.Length / 2)], null, null);
        yield return ("a boundary that never appears", ["Content-Type: multipart/form-data; boundary=elsewhere"], body, 400, null);
    }

    private static (string What, string[] Headers, byte[] Body, int? Status, string? Code) Case(
        string what, (string[] Headers, byte[] Body) upload, int? status, string? code) => (what, upload.Headers, upload.Body, status, code);

    private (string[] Headers, byte[] Body) Upload(byte[] artifact, params (string Name, string Value)[] fields) => Upload(artifact, fields, "model.bin");

    private (string[] Headers, byte[] Body) Upload(byte[] artifact, (string Name, string Value) field, string fileName) => Upload(artifact, [field], fileName);

    private (string[] Headers, byte[] Body) Upload(byte[] artifact, (string Name, string Value)[] fields, string fileName)
    {
        var boundary = "fuzz" + random.Next();
        var body = new MemoryStream();
        foreach (var (name, value) in fields)
        {
            body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"\r\n\r\n{value}\r\n"));
        }
        body.Write(Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"artifact\"; filename=\"{fileName}\"\r\nContent-Type: application/octet-stream\r\n\r\n"));
        body.Write(artifact);
        body.Write(Encoding.UTF8.GetBytes($"\r\n--{boundary}--\r\n"));
        return ([$"Content-Type: multipart/form-data; boundary={boundary}"], body.ToArray());
    }

    private (string[] Headers, byte[] Body) UploadRaw(byte[] artifact, string field, byte[] value)
    {
        var (headers, body) = Upload(artifact, ("flavor", "?"));
        var boundary = headers[0][(headers[0].IndexOf('=') + 1)..];
        return (headers, [.. Encoding.UTF8.GetBytes($"--{boundary}\r\nContent-Disposition: form-data; name=\"{field}\"\r\n\r\n"), .. value, .. "\r\n"u8, .. body]);
    }

    /// <summary>The template serialized with one randomly chosen value (at any depth) replaced by <paramref name="raw"/> JSON text.</summary>
    private (string Path, byte[] Body) Replace(JsonNode template, string raw)
    {
        var copy = template.DeepClone();
        var values = Values(copy).ToList();
        var chosen = values[random.Next(values.Count)];
        var path = chosen.GetPath();
        switch (chosen.Parent)
        {
            case JsonObject parent:
                parent[chosen.GetPropertyName()] = Placeholder;
                break;
            case JsonArray array:
                array[chosen.GetElementIndex()] = Placeholder;
                break;
        }
        return (path, Encoding.UTF8.GetBytes(copy.ToJsonString().Replace($"\"{Placeholder}\"", raw, StringComparison.Ordinal)));
    }

    private static IEnumerable<JsonNode> Values(JsonNode node)
    {
        var children = node switch
        {
            JsonObject o => o.Select(p => p.Value),
            JsonArray a => a.AsEnumerable(),
            _ => [],
        };
        foreach (var child in children.OfType<JsonNode>())
        {
            yield return child;
            foreach (var inner in Values(child))
            {
                yield return inner;
            }
        }
    }

    private static byte[] Nested(int depth, char open, char close) =>
        Encoding.ASCII.GetBytes(new string(open, depth) + new string(close, depth));

    private static byte[] DeepObject(int depth) =>
        Encoding.ASCII.GetBytes(new StringBuilder().Insert(0, "{\"a\":", depth).Append('1').Append('}', depth).ToString());

    private byte[] RandomBytes(int length)
    {
        var bytes = new byte[length];
        random.NextBytes(bytes);
        return bytes;
    }

    /// <summary>Random text; with <paramref name="unicode"/>, from ranges that include controls, combining marks, RTL and astral characters.</summary>
    private string RandomText(int length, bool unicode)
    {
        var text = new StringBuilder(length);
        while (text.Length < length)
        {
            if (!unicode || random.Next(4) == 0)
            {
                text.Append((char)random.Next('a', 'z' + 1));
                continue;
            }
            var code = random.Next(6) switch
            {
                0 => random.Next(0, 0x20),
                1 => random.Next(0x300, 0x370),
                2 => random.Next(0x590, 0x700),
                3 => random.Next(0x1F600, 0x1F650),
                4 => random.Next(0xFF00, 0xFFF0),
                _ => random.Next(0x2000, 0x2070),
            };
            text.Append(char.ConvertFromUtf32(code));
        }
        return text.ToString();
    }

    private static string Printable(string text) => string.Concat(text.Take(40).Select(c => char.IsControl(c) ? $"\\u{(int)c:x4}" : c.ToString()));
}
