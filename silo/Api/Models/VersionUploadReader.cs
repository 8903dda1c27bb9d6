using System.Text.Json;
using Microsoft.AspNetCore.WebUtilities;
using Microsoft.Net.Http.Headers;
using Mle.Errors;
using Mle.Registry;

namespace Mle.Silo.Api.Models;

/// <summary>
/// Reads the multipart upload of a new version: the file in part <c>artifact</c>, and optional parts
/// <c>flavor</c>, <c>description</c>, <c>metrics</c> (JSON object of numbers), <c>tags</c> (JSON object of
/// strings) and <c>lineage</c> (<c>{"runId", "dataset", "parameters": {...}}</c>). The artifact is streamed
/// into memory and refused the moment it crosses the size limit.
/// </summary>
internal static class VersionUploadReader
{
    private const int MaxFieldBytes = 1024 * 1024;

    public static async Task<RegisterVersion> Read(HttpRequest request, long maxArtifactBytes, CancellationToken cancellationToken)
    {
        if (!MediaTypeHeaderValue.TryParse(request.ContentType, out var contentType)
            || !contentType.MediaType.Equals("multipart/form-data", StringComparison.OrdinalIgnoreCase)
            || HeaderUtilities.RemoveQuotes(contentType.Boundary).Value is not { Length: > 0 } boundary)
        {
            throw MleErrors.InvalidRequest("Upload a version as multipart/form-data with the model file in the part 'artifact'.", "artifact");
        }

        var reader = new MultipartReader(boundary, request.Body) { BodyLengthLimit = null };
        byte[]? artifact = null;
        ModelFlavor? flavor = null;
        string? description = null;
        IReadOnlyDictionary<string, double> metrics = new Dictionary<string, double>();
        IReadOnlyDictionary<string, string> tags = new Dictionary<string, string>();
        var lineage = Lineage.None;

        while (await reader.ReadNextSectionAsync(cancellationToken) is { } section)
        {
            if (!ContentDispositionHeaderValue.TryParse(section.ContentDisposition, out var disposition)
                || !disposition.DispositionType.Equals("form-data", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }
            var name = HeaderUtilities.RemoveQuotes(disposition.Name).Value;
            switch (name)
            {
                case "artifact":
                    artifact = await ReadBounded(section.Body, maxArtifactBytes, tooLarge: size => MleErrors.ArtifactTooLarge(size, maxArtifactBytes), cancellationToken);
                    break;
                case "flavor":
                    flavor = ModelFlavors.Parse(await ReadField(section, name, cancellationToken));
                    break;
                case "description":
                    description = await ReadField(section, name, cancellationToken);
                    break;
                case "metrics":
                    metrics = ParseJson<Dictionary<string, double>>(await ReadField(section, name, cancellationToken), name, "a JSON object of numbers, e.g. {\"auc\": 0.91}");
                    break;
                case "tags":
                    tags = ParseJson<Dictionary<string, string>>(await ReadField(section, name, cancellationToken), name, "a JSON object of strings, e.g. {\"team\": \"fraud\"}");
                    break;
                case "lineage":
                    var body = ParseJson<LineageResponse>(await ReadField(section, name, cancellationToken), name, "a JSON object {\"runId\", \"dataset\", \"parameters\"}");
                    lineage = new Lineage(body.RunId, body.Dataset, body.Parameters ?? new Dictionary<string, string>());
                    break;
                default:
                    // Unknown parts are drained, not rejected, so newer clients can add fields.
                    await section.Body.CopyToAsync(Stream.Null, cancellationToken);
                    break;
            }
        }

        if (artifact is null || artifact.Length == 0)
        {
            throw MleErrors.InvalidRequest("The upload has no model file: put it in the multipart part 'artifact'.", "artifact");
        }
        return new RegisterVersion(artifact, flavor, description, metrics, tags, lineage);
    }

    private static async Task<string> ReadField(MultipartSection section, string name, CancellationToken cancellationToken)
    {
        var bytes = await ReadBounded(section.Body, MaxFieldBytes,
            tooLarge: _ => MleErrors.InvalidRequest($"The part '{name}' is larger than {MaxFieldBytes} bytes.", name), cancellationToken);
        return System.Text.Encoding.UTF8.GetString(bytes).Trim();
    }

    private static async Task<byte[]> ReadBounded(Stream body, long limit, Func<long, Exception> tooLarge, CancellationToken cancellationToken)
    {
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await body.ReadAsync(chunk, cancellationToken)) > 0)
        {
            if (buffer.Length + read > limit)
            {
                throw tooLarge(buffer.Length + read);
            }
            buffer.Write(chunk, 0, read);
        }
        return buffer.ToArray();
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
}
