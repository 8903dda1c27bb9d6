using System.Text.Json;

namespace Mle.Silo.Api.Errors;

/// <summary>The Open Inference Protocol's error body: <c>{"error": "message"}</c>.</summary>
public static class OpenInferenceErrors
{
    public static bool Applies(HttpContext context) => context.Request.Path.StartsWithSegments("/v2");

    /// <summary>
    /// The protocol knows 400 and 404 for errors a client can fix; everything else on our side is 500. A rate limit
    /// stays 429, which every HTTP client understands as "slow down", with its <c>Retry-After</c>.
    /// </summary>
    public static int Status(int status) => status switch
    {
        StatusCodes.Status404NotFound => StatusCodes.Status404NotFound,
        StatusCodes.Status429TooManyRequests => StatusCodes.Status429TooManyRequests,
        >= StatusCodes.Status500InternalServerError => status,
        _ => StatusCodes.Status400BadRequest,
    };

    public static async Task Write(HttpContext context, string message, CancellationToken cancellationToken)
    {
        context.Response.ContentType = "application/json";
        await using var writer = new Utf8JsonWriter(context.Response.BodyWriter);
        writer.WriteStartObject();
        writer.WriteString("error", message);
        writer.WriteEndObject();
        await writer.FlushAsync(cancellationToken);
    }
}
