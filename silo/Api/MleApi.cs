using System.Text.Json.Serialization;
using Microsoft.AspNetCore.Http.Json;
using Microsoft.AspNetCore.OpenApi;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Silo.Api.Endpoints;
using Mle.Silo.Api.Datasets;
using Mle.Silo.Api.Errors;
using Mle.Silo.Api.Features;
using Mle.Silo.Api.Models;
using Mle.Silo.Api.OpenInference;
using Mle.Silo.Api.Pipelines;
using Mle.Silo.Api.Scoring;
using Mle.Silo.Audit;
using Mle.Silo.Notifications;
using Mle.Silo.Security;

namespace Mle.Silo.Api;

/// <summary>The REST gateway: the registry and scoring under <c>/api/v1</c>, the Open Inference Protocol under <c>/v2</c>.</summary>
public static class MleApi
{
    /// <summary>The OpenAPI document the gateway is described in: <c>/openapi/v1.json</c>.</summary>
    public const string DocumentName = "v1";

    /// <summary>Registers what the gateway needs: JSON conventions, error translation, and problem-details.</summary>
    public static IServiceCollection AddMleApi(this IServiceCollection services)
    {
        // Every error body goes through IProblemDetailsService: this writer (registered first, so it wins) gives
        // /v2 the protocol's {"error"} shape, and the customization gives every other problem a code.
        services.TryAddEnumerable(ServiceDescriptor.Singleton<IProblemDetailsWriter, OpenInferenceProblemWriter>());
        services.AddProblemDetails(options => options.CustomizeProblemDetails = ErrorResponse.AddCode);
        services.AddExceptionHandler<MleExceptionHandler>();
        services.AddTransient<IStartupFilter, ErrorBodiesStartupFilter>();
        // Over-long targets must reach ErrorBodies to get a coded 414; Kestrel's own refusal has an empty body.
        services.AddOptions<KestrelServerOptions>()
            .Configure<IOptions<LimitsOptions>>((kestrel, limits) => kestrel.Limits.MaxRequestLineSize =
                Math.Max(kestrel.Limits.MaxRequestLineSize, limits.Value.MaxUrlBytes * 8));
        services.Configure<JsonOptions>(options =>
        {
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter());
            // {"name": "a", "name": "b"} is ambiguous: refuse it rather than silently keep the last one.
            options.SerializerOptions.AllowDuplicateProperties = false;
        });
        // Binding failures (a missing or malformed body) throw, so they reach MleExceptionHandler and get a code.
        services.Configure<RouteHandlerOptions>(options => options.ThrowOnBadRequest = true);
        services.Configure<OpenApiOptions>(DocumentName, options => options.AddOperationTransformer<VersionUploadForm>());
        return services;
    }

    /// <summary>
    /// Maps the REST gateway: /api/v1 and the Open Inference Protocol under /v2. Every route needs an authenticated
    /// caller (401 otherwise) and says which permission it needs besides; only <c>/v2/health/*</c> is open.
    /// </summary>
    public static IEndpointRouteBuilder MapMleApi(this IEndpointRouteBuilder app)
    {
        var authenticated = app.MapGroup("").RequireCaller();
        authenticated.MapModelsApi();
        authenticated.MapFeaturesApi();
        authenticated.MapPipelinesApi();
        authenticated.MapEndpointsApi();
        authenticated.MapDatasetsApi();
        authenticated.MapScoringApi();
        authenticated.MapOpenInferenceApi();
        authenticated.MapKeysApi();
        authenticated.MapAuditApi();
        authenticated.MapNotificationsApi();
        return app;
    }
}
