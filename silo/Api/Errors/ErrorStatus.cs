using Mle.Errors;

namespace Mle.Silo.Api.Errors;

/// <summary>The one place where a stable error code becomes an HTTP status.</summary>
public static class ErrorStatus
{
    public static int For(string code) => code switch
    {
        ErrorCodes.ModelNotFound or ErrorCodes.VersionNotFound or ErrorCodes.AliasNotFound or ErrorCodes.ApiKeyNotFound
            or ErrorCodes.TenantNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.TooManyRequests => StatusCodes.Status429TooManyRequests,
        ErrorCodes.ClusterUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.AuditUnavailable => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.FeatureSetNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.FeatureSetAlreadyExists or ErrorCodes.FeatureChangeRejected => StatusCodes.Status409Conflict,
        ErrorCodes.TooManyEvents or ErrorCodes.TooManyEntities => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.Unauthenticated => StatusCodes.Status401Unauthorized,
        ErrorCodes.Forbidden => StatusCodes.Status403Forbidden,
        ErrorCodes.ApiKeyConflict or ErrorCodes.PipelineStateConflict => StatusCodes.Status409Conflict,
        ErrorCodes.ModelAlreadyExists or ErrorCodes.VersionArchived or ErrorCodes.VersionNotReady or ErrorCodes.IdempotencyKeyReused => StatusCodes.Status409Conflict,
        ErrorCodes.VersionRecordFailed or ErrorCodes.TooManyUploads => StatusCodes.Status503ServiceUnavailable,
        ErrorCodes.ArtifactTooLarge or ErrorCodes.BatchTooLarge or ErrorCodes.RequestTooLarge or ErrorCodes.ArtifactExpandsTooFar => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.InvalidArtifact or ErrorCodes.UnsupportedFlavor or ErrorCodes.UnsafeArtifactEntry => StatusCodes.Status422UnprocessableEntity,
        ErrorCodes.ScoringFailed or ErrorCodes.InternalError => StatusCodes.Status500InternalServerError,
        ErrorCodes.DatasetNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.DatasetAlreadyExists => StatusCodes.Status409Conflict,
        ErrorCodes.TrainingSetTooLarge => StatusCodes.Status413PayloadTooLarge,
        ErrorCodes.RouteNotFound => StatusCodes.Status404NotFound,
        ErrorCodes.MethodNotAllowed => StatusCodes.Status405MethodNotAllowed,
        ErrorCodes.UnsupportedMediaType => StatusCodes.Status415UnsupportedMediaType,
        ErrorCodes.UrlTooLong => StatusCodes.Status414UriTooLong,
        _ => StatusCodes.Status400BadRequest,
    };

    /// <summary>The code for an error status the framework produced without one (routing, content negotiation, Kestrel).</summary>
    public static string CodeFor(int status) => status switch
    {
        StatusCodes.Status401Unauthorized => ErrorCodes.Unauthenticated,
        StatusCodes.Status403Forbidden => ErrorCodes.Forbidden,
        StatusCodes.Status404NotFound => ErrorCodes.RouteNotFound,
        StatusCodes.Status405MethodNotAllowed => ErrorCodes.MethodNotAllowed,
        StatusCodes.Status413PayloadTooLarge => ErrorCodes.RequestTooLarge,
        StatusCodes.Status414UriTooLong => ErrorCodes.UrlTooLong,
        StatusCodes.Status415UnsupportedMediaType => ErrorCodes.UnsupportedMediaType,
        StatusCodes.Status429TooManyRequests => ErrorCodes.TooManyRequests,
        >= StatusCodes.Status500InternalServerError => ErrorCodes.InternalError,
        _ => ErrorCodes.InvalidRequest,
    };

    public static string Title(string code) => code switch
    {
        ErrorCodes.ModelNotFound => "Model not found",
        ErrorCodes.VersionNotFound => "Model version not found",
        ErrorCodes.AliasNotFound => "Alias not found",
        ErrorCodes.ModelAlreadyExists => "Model already exists",
        ErrorCodes.VersionArchived => "Model version is archived",
        ErrorCodes.VersionNotReady => "Model version is not ready",
        ErrorCodes.ArtifactTooLarge => "Artifact too large",
        ErrorCodes.BatchTooLarge => "Too many rows",
        ErrorCodes.RequestTooLarge => "Request too large",
        ErrorCodes.InvalidArtifact => "Invalid artifact",
        ErrorCodes.UnsupportedFlavor => "Unsupported flavor",
        ErrorCodes.SchemaMismatch => "Input does not match the model's schema",
        ErrorCodes.InvalidName => "Invalid name",
        ErrorCodes.ScoringFailed => "Scoring failed",
        ErrorCodes.InvalidInput => "The model rejected the input",
        ErrorCodes.RouteNotFound => "No such route",
        ErrorCodes.MethodNotAllowed => "Method not allowed",
        ErrorCodes.UnsupportedMediaType => "Unsupported media type",
        ErrorCodes.UrlTooLong => "URL too long",
        ErrorCodes.InternalError => "Internal error",
        ErrorCodes.VersionRecordFailed => "Version could not be recorded",
        ErrorCodes.IdempotencyKeyReused => "Idempotency key already used for another artifact",
        ErrorCodes.TooManyUploads => "Too many uploads in progress",
        ErrorCodes.MetadataTooLarge => "Metadata over a limit",
        ErrorCodes.InvalidMetric => "Invalid metric",
        ErrorCodes.InvalidMultipart => "Malformed multipart body",
        ErrorCodes.Unauthenticated => "Authentication required",
        ErrorCodes.Forbidden => "Not allowed for this role",
        ErrorCodes.ApiKeyNotFound => "API key not found",
        ErrorCodes.ApiKeyConflict => "API key already exists",
        ErrorCodes.TooManyRequests => "Too many requests",
        ErrorCodes.ClusterUnavailable => "Cluster temporarily unavailable",
        ErrorCodes.AuditUnavailable => "Audit log unavailable",
        ErrorCodes.TenantNotFound => "Tenant not found",
        ErrorCodes.ArtifactExpandsTooFar => "Artifact expands too far",
        ErrorCodes.UnsafeArtifactEntry => "Unsafe entry name in the artifact",
        ErrorCodes.FeatureSetNotFound => "Feature set not found",
        ErrorCodes.FeatureSetAlreadyExists => "Feature set already exists",
        ErrorCodes.InvalidFeatureSet => "Invalid feature set definition",
        ErrorCodes.FeatureChangeRejected => "Feature set change rejected",
        ErrorCodes.UnknownFeature => "Unknown feature",
        ErrorCodes.InvalidEvent => "Invalid event",
        ErrorCodes.FeatureTypeMismatch => "Feature value of the wrong type",
        ErrorCodes.TooManyEvents => "Too many events",
        ErrorCodes.TooManyEntities => "Too many entities",
        ErrorCodes.AsOfOutsideRetention => "asOf outside retention",
        ErrorCodes.DatasetNotFound => "Dataset not found",
        ErrorCodes.DatasetAlreadyExists => "Dataset already exists",
        ErrorCodes.InvalidTrainingSet => "Invalid training set request",
        ErrorCodes.TrainingSetTooLarge => "Training set too large",
        _ => "Invalid request",
    };
}
