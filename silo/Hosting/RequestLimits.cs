using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Options;
using Orleans.Configuration;
using Mle.Configuration;

namespace Mle.Silo.Hosting;

/// <summary>
/// Applies <c>Mle:Limits</c> to every layer a payload crosses: Kestrel's request body, multipart form
/// parsing, and Orleans messages, so the configured limit is the one that bites and not a hidden default.
/// Every route's body is bounded by <c>MaxRequestBytes</c>; the version upload route alone raises its own
/// ceiling to <c>MaxArtifactBytes</c> (see <c>ModelsApi.UploadVersion</c>).
/// </summary>
internal static class RequestLimits
{
    /// <summary>Room for multipart boundaries, part headers and the small form fields next to an artifact.</summary>
    private const long MultipartOverhead = 1024 * 1024;

    /// <summary>Room for the headers and envelope of a grain call that carries one artifact.</summary>
    private const long MessageOverhead = 1024 * 1024;

    public static IServiceCollection AddMleLimits(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddMleLimitsOptions(configuration);

        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestBodySize = limits.Value.MaxRequestBytes);
        services.AddOptions<FormOptions>()
            .Configure<IOptions<LimitsOptions>>((form, limits) => form.MultipartBodyLengthLimit = MaxBody(limits.Value));
        // The SDK sends an artifact to the registrar grain in one call; Orleans closes a connection over this size.
        services.AddOptions<SiloMessagingOptions>()
            .Configure<IOptions<LimitsOptions>>((messaging, limits) => messaging.MaxMessageBodySize =
                (int)Math.Clamp(limits.Value.MaxArtifactBytes + MessageOverhead, messaging.MaxMessageBodySize, int.MaxValue));
        return services;
    }

    private static long MaxBody(LimitsOptions limits) =>
        Math.Max(limits.MaxArtifactBytes, limits.MaxRequestBytes) + MultipartOverhead;
}
