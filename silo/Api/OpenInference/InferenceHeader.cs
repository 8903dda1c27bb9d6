using System.Globalization;
using Mle.Errors;

namespace Mle.Silo.Api.OpenInference;

/// <summary>
/// The binary tensor data extension's <c>Inference-Header-Content-Length</c>: how many bytes of the body are
/// the JSON inference header; the tensors' binary data follows it. Absent, the whole body is JSON.
/// </summary>
internal static class InferenceHeader
{
    public const string ContentLength = "Inference-Header-Content-Length";

    /// <summary>The JSON header's length, checked against what the body can be before the body is read.</summary>
    public static long? Length(IHeaderDictionary headers, long? bodyLength, long maxRequestBytes)
    {
        if (!headers.TryGetValue(ContentLength, out var values))
        {
            return null;
        }
        if (values.Count != 1
            || !long.TryParse(values[0], NumberStyles.None, CultureInfo.InvariantCulture, out var length))
        {
            throw MleErrors.InvalidRequest(
                $"The {ContentLength} header must be one non-negative integer, the byte length of the JSON header; '{values}' was sent.", ContentLength);
        }
        if (length > maxRequestBytes)
        {
            throw MleErrors.RequestTooLarge(
                $"The {ContentLength} header says {length} bytes; the request body limit is {maxRequestBytes} bytes (Mle:Limits:MaxRequestBytes).", maxRequestBytes, ContentLength);
        }
        if (length > bodyLength)
        {
            throw BeyondBody(length, bodyLength.Value);
        }
        return length;
    }

    public static InvalidRequestException BeyondBody(long length, long bodyLength) =>
        MleErrors.InvalidRequest($"The {ContentLength} header says {length} bytes, but the body has only {bodyLength}.", ContentLength);
}
