using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Mle.Artifacts;
using Mle.Errors;
using Mle.Registry;

namespace Mle.Silo.Api.Models;

/// <summary>
/// Reads the multipart upload of a new version: the file in part <c>artifact</c> (exactly one), and optional
/// parts <c>flavor</c>, <c>description</c>, <c>metrics</c> (JSON object of finite numbers), <c>tags</c> (JSON
/// object of strings) and <c>lineage</c> (<c>{"runId", "dataset", "parameters": {...}}</c>). The artifact is
/// streamed into the artifact store's temporary file while it is hashed, never held whole in memory, and
/// refused the moment it crosses the size limit. A body that cannot be read as multipart (truncated, another
/// boundary, oversized part headers) is <c>invalid_multipart</c>, never a server error.
/// </summary>
internal static class VersionUploadReader
{
    private const int MaxFieldBytes = 1024 * 1024;

    /// <summary>The longest part header block; the reader's own default (16 KiB), stated so it is not a hidden one.</summary>
    private const int MaxPartHeaderBytes = 16 * 1024;

    /// <summary>Room for boundaries, part headers and the small fields next to an artifact (six fields of at most 1 MiB).</summary>
    public const long MultipartOverhead = 8L * 1024 * 1024;

    public static async Task<(IStagedArtifact Artifact, VersionMetadata Metadata)> Read(
        HttpRequest request, IArtifactStore artifacts, long maxArtifactBytes, string? idempotencyKey, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw MleErrors.InvalidRequest("Upload a version as multipart/form-data with the model file in the part 'artifact'.", "artifact");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null, HeadersLengthLimit = MaxPartHeaderBytes };
        IStagedArtifact? artifact = null;
        ModelFlavor? flavor = null;
        string? description = null;
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        IReadOnlyDictionary<string, string> tags = new Dictionary<string, string>();
        var lineage = Lineage.None;
        try
        {
            while (await Guarded(() => reader.ReadNextSectionAsync(cancellationToken), maxArtifactBytes) is { } section)
            {
                if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                    || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
                {
                    await Drain(section, maxArtifactBytes, cancellationToken);
                    continue;
                }
                var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
                switch (name)
                {
                    case "artifact":
                        if (artifact is not null)
                        {
                            throw MleErrors.InvalidMultipart("the part 'artifact' appears more than once; send one model file per upload.");
                        }
                        artifact = await artifacts.Stage(new GuardedBody(section.Body, maxArtifactBytes), maxArtifactBytes, cancellationToken);
                        break;
                    case "flavor":
                        flavor = ModelFlavors.Parse(await ReadField(section, name, maxArtifactBytes, cancellationToken));
                        break;
                    case "description":
                        description = await ReadField(section, name, maxArtifactBytes, cancellationToken);
                        break;
                    case "metrics":
                        metrics = ParseMetrics(await ReadField(section, name, maxArtifactBytes, cancellationToken));
                        break;
                    case "tags":
                        tags = ParseJson<Dictionary<string, string>>(await ReadField(section, name, maxArtifactBytes, cancellationToken), name, "a JSON object of strings, e.g. {\"team\": \"fraud\"}");
                        break;
                    case "lineage":
                        var body = ParseJson<LineageResponse>(await ReadField(section, name, maxArtifactBytes, cancellationToken), name, "a JSON object {\"runId\", \"dataset\", \"parameters\"}");
                        lineage = new Lineage(body.RunId, body.Dataset, body.Parameters ?? new Dictionary<string, string>());
                        break;
                    default:
                        // Unknown parts are drained, not rejected, so newer clients can add fields.
                        await Drain(section, maxArtifactBytes, cancellationToken);
                        break;
                }
            }

            if (artifact is null || artifact.SizeBytes == 0)
            {
                throw MleErrors.InvalidRequest("The upload has no model file: put it in the multipart part 'artifact'.", "artifact");
            }
            return (artifact, new VersionMetadata(flavor, description, metrics, tags, lineage, idempotencyKey));
        }
        catch
        {
            if (artifact is not null)
            {
                await artifact.DisposeAsync();
            }
            throw;
        }
    }

    private static async Task<string> ReadField(MultipartSection section, string name, long maxArtifactBytes, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var body = new GuardedBody(section.Body, maxArtifactBytes);
        var chunk = new byte[16 * 1024];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > MaxFieldBytes)
            {
                throw MleErrors.InvalidRequest($"The part '{name}' is larger than {MaxFieldBytes} bytes.", name);
            }
            buffer.Write(chunk, 0, read);
        }
        return System.Text.Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length).Trim();
    }

    private static Task Drain(MultipartSection section, long maxArtifactBytes, CancellationToken cancellationToken) =>
        new GuardedBody(section.Body, maxArtifactBytes).CopyToAsync(Stream.Null, cancellationToken);

    /// <summary>
    /// Metrics are read number by number: a value a double cannot hold (<c>1e400</c>) or a named non-number
    /// (<c>"NaN"</c>, <c>"Infinity"</c>) is <c>invalid_metric</c>, naming the metric.
    /// </summary>
    private static Dictionary<string, double> ParseMetrics(string text)
    {
        const string Expected = "a JSON object of finite numbers, e.g. {\"auc\": 0.91}";
        using var document = ParseJson<JsonDocument>(text, "metrics", Expected);
        if (document.RootElement.ValueKind != JsonValueKind.Object)
        {
            throw MleErrors.InvalidRequest($"The part 'metrics' must be {Expected}.", "metrics");
        }
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var metric in document.RootElement.EnumerateObject())
        {
            if (metric.Value.ValueKind != JsonValueKind.Number)
            {
                throw metric.Value.ValueKind == JsonValueKind.String
                    ? MleErrors.InvalidMetric(metric.Name, $"the string \"{metric.Value.GetString()}\"")
                    : MleErrors.InvalidRequest($"The part 'metrics' must be {Expected}; '{metric.Name}' is {metric.Value.ValueKind}.", "metrics");
            }
            if (!metric.Value.TryGetDouble(out var value) || !double.IsFinite(value))
            {
                throw MleErrors.InvalidMetric(metric.Name, metric.Value.GetRawText());
            }
            metrics[metric.Name] = value;
        }
        return metrics;
    }

    private static T ParseJson<T>(string text, string part, string expected)
    {
        try
        {
            return JsonSerializer.Deserialize<T>(text, JsonSerializerOptions.Web)
                ?? throw MleErrors.InvalidRequest($"The part '{part}' must be {expected}.", part);
        }
        catch (JsonException)
        {
            throw MleErrors.InvalidRequest($"The part '{part}' must be {expected}.", part);
        }
    }

    private static async Task<T> Guarded<T>(Func<Task<T>> read, long maxArtifactBytes)
    {
        try
        {
            return await read();
        }
        catch (Exception error) when (Malformed(error, maxArtifactBytes) is { } translated)
        {
            throw translated;
        }
    }

    /// <summary>
    /// What a failed read of the request body means for the caller. Kestrel's own ceiling on this route is the
    /// artifact limit plus the multipart overhead, so crossing it is the artifact's fault, not MaxRequestBytes'.
    /// </summary>
    private static MleException? Malformed(Exception error, long maxArtifactBytes) => error switch
    {
        BadHttpRequestException { StatusCode: StatusCodes.Status413PayloadTooLarge } =>
            MleErrors.ArtifactTooLarge(maxArtifactBytes + 1, maxArtifactBytes),
        OperationCanceledException => null,
        InvalidDataException or IOException => MleErrors.InvalidMultipart(error.Message),
        _ => null,
    };

    /// <summary>A part's body whose read failures are the client's malformed multipart, not the server's IO errors.</summary>
    private sealed class GuardedBody(Stream inner, long maxArtifactBytes) : Stream
    {
        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            try
            {
                return await inner.ReadAsync(buffer, cancellationToken);
            }
            catch (Exception error) when (Malformed(error, maxArtifactBytes) is { } translated)
            {
                throw translated;
            }
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException("Read the upload asynchronously.");
        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
