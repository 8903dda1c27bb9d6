namespace Mle.Errors;

/// <summary>
/// A domain error with a stable <see cref="Code"/> from <see cref="ErrorCodes"/>.
/// Thrown by grains, carried across silos and to clients by the Orleans serializer.
/// </summary>
[GenerateSerializer]
public class MleException : Exception
{
    public MleException(string code, string message, string? target = null, Exception? inner = null)
        : base(message, inner)
    {
        Code = code;
        Target = target;
    }

    /// <summary>The stable error code, one of <see cref="ErrorCodes"/>.</summary>
    [Id(0)] public string Code { get; }

    /// <summary>What the error is about when it is one thing: a column, a model, a setting.</summary>
    [Id(1)] public string? Target { get; }

    /// <summary>The configured limit the request crossed, when that is why it failed.</summary>
    [Id(2)] public ExceededLimit? Limit { get; init; }
}

/// <summary>The named model, version or alias does not exist; the subclasses say which.</summary>
[GenerateSerializer]
public class NotFoundException(string code, string message, string? target = null)
    : MleException(code, message, target);

/// <summary>The model does not exist (<c>model_not_found</c>).</summary>
[GenerateSerializer]
public sealed class ModelNotFoundException(string message, string model)
    : NotFoundException(ErrorCodes.ModelNotFound, message, model);

/// <summary>The model has no such version (<c>version_not_found</c>).</summary>
[GenerateSerializer]
public sealed class VersionNotFoundException(string message, string version)
    : NotFoundException(ErrorCodes.VersionNotFound, message, version);

/// <summary>The model has no such alias (<c>alias_not_found</c>).</summary>
[GenerateSerializer]
public sealed class AliasNotFoundException(string message, string alias)
    : NotFoundException(ErrorCodes.AliasNotFound, message, alias);

/// <summary>The request conflicts with current state (duplicate name, archived version, version not ready).</summary>
[GenerateSerializer]
public class ConflictException(string code, string message, string? target = null)
    : MleException(code, message, target);

/// <summary>A model with that name already exists (<c>model_already_exists</c>).</summary>
[GenerateSerializer]
public sealed class ModelAlreadyExistsException(string message, string model)
    : ConflictException(ErrorCodes.ModelAlreadyExists, message, model);

/// <summary>The input does not match the model's schema; <see cref="MleException.Target"/> names the column.</summary>
[GenerateSerializer]
public sealed class SchemaMismatchException(string message, string? column)
    : MleException(ErrorCodes.SchemaMismatch, message, column);

/// <summary>The request itself is malformed or over a configured limit.</summary>
[GenerateSerializer]
public sealed class InvalidRequestException(string code, string message, string? target = null)
    : MleException(code, message, target);

/// <summary>The uploaded artifact is not a model this platform can serve.</summary>
[GenerateSerializer]
public sealed class InvalidArtifactException(string code, string message)
    : MleException(code, message);

/// <summary>
/// The artifact was stored and inspected but the version could not be recorded (<c>version_record_failed</c>):
/// the registry's storage failed. The reserved number is marked Failed and never served; a retry with the
/// same idempotency key is safe.
/// </summary>
[GenerateSerializer]
public sealed class VersionRecordFailedException(string message, string version)
    : MleException(ErrorCodes.VersionRecordFailed, message, version);

/// <summary>The idempotency key was already used for a different artifact of this model (<c>idempotency_key_reused</c>).</summary>
[GenerateSerializer]
public sealed class IdempotencyKeyReusedException(string message, string key)
    : ConflictException(ErrorCodes.IdempotencyKeyReused, message, key);

/// <summary>The silo is receiving as many uploads as it allows (<c>too_many_uploads</c>); retry later.</summary>
[GenerateSerializer]
public sealed class TooManyUploadsException(string message)
    : MleException(ErrorCodes.TooManyUploads, message, "Mle:Limits:MaxConcurrentUploads");

/// <summary>The call carries no valid credentials (<c>unauthenticated</c>).</summary>
[GenerateSerializer]
public sealed class UnauthenticatedException(string message)
    : MleException(ErrorCodes.Unauthenticated, message);

/// <summary>The caller's role does not allow the operation (<c>forbidden</c>).</summary>
[GenerateSerializer]
public sealed class ForbiddenException(string message)
    : MleException(ErrorCodes.Forbidden, message);

/// <summary>
/// The caller's key is over one of its request limits (<c>too_many_requests</c>); <see cref="MleException.Limit"/>
/// names it, and <see cref="RetryAfter"/> says when a retry can succeed when that is known.
/// </summary>
[GenerateSerializer]
public sealed class TooManyRequestsException : MleException
{
    public TooManyRequestsException(string message, ExceededLimit limit, TimeSpan? retryAfter)
        : base(ErrorCodes.TooManyRequests, message, limit.Setting)
    {
        Limit = limit;
        RetryAfter = retryAfter;
    }

    [Id(0)] public TimeSpan? RetryAfter { get; }
}

/// <summary>The audit log could not record the change before it was made, so it was not made (<c>audit_unavailable</c>).</summary>
[GenerateSerializer]
public sealed class AuditUnavailableException(string message)
    : MleException(ErrorCodes.AuditUnavailable, message);

/// <summary>The feature set does not exist (<c>feature_set_not_found</c>).</summary>
[GenerateSerializer]
public sealed class FeatureSetNotFoundException(string message, string featureSet)
    : NotFoundException(ErrorCodes.FeatureSetNotFound, message, featureSet);

/// <summary>No dataset of the caller's tenant has that name (<c>dataset_not_found</c>).</summary>
[GenerateSerializer]
public sealed class DatasetNotFoundException(string message, string dataset)
    : NotFoundException(ErrorCodes.DatasetNotFound, message, dataset);

/// <summary>A dataset with that name already exists (<c>dataset_already_exists</c>).</summary>
[GenerateSerializer]
public sealed class DatasetAlreadyExistsException(string message, string dataset)
    : ConflictException(ErrorCodes.DatasetAlreadyExists, message, dataset);

/// <summary>A feature set with that name already exists (<c>feature_set_already_exists</c>).</summary>
[GenerateSerializer]
public sealed class FeatureSetAlreadyExistsException(string message, string featureSet)
    : ConflictException(ErrorCodes.FeatureSetAlreadyExists, message, featureSet);

/// An expression refused at compile time (<c>invalid_expression</c>, <c>expression_too_complex</c>,
/// <c>unknown_field</c>, <c>expression_type_mismatch</c>, the code of its first problem); the message lists every
/// problem with its column. <see cref="MleException.Target"/> is the expression.
/// </summary>
[GenerateSerializer]
public sealed class InvalidExpressionException(string code, string message, string expression)
    : MleException(code, message, expression);

/// <summary>
/// A well-typed expression that could not be evaluated on one record (<c>expression_evaluation_failed</c>): division by
/// zero, a result that is not a finite number, a field holding a value of another type than declared.
/// <see cref="MleException.Target"/> is the expression.
/// </summary>
[GenerateSerializer]
public sealed class ExpressionEvaluationException(string message, string expression)
    : MleException(ErrorCodes.ExpressionEvaluationFailed, message, expression);

/// <summary>
/// A pipeline definition with problems (<c>invalid_pipeline</c>): <see cref="Problems"/> lists every one, each with
/// its own code and the path of the definition it is about, so one answer tells the author everything to fix.
/// </summary>
[GenerateSerializer]
public sealed class InvalidPipelineException(string message, IReadOnlyList<Pipelines.DefinitionProblem> problems)
    : MleException(ErrorCodes.InvalidPipeline, message)
{
    [Id(0)] public IReadOnlyList<Pipelines.DefinitionProblem> Problems { get; } = problems;
}

/// <summary>A lifecycle command the pipeline's current state does not allow (<c>pipeline_state_conflict</c>); <see cref="MleException.Target"/> is that state.</summary>
[GenerateSerializer]
public sealed class PipelineStateConflictException(string message, string state)
    : ConflictException(ErrorCodes.PipelineStateConflict, message, state);

/// <summary>The pipeline does not exist (<c>pipeline_not_found</c>), or it has no such version (<c>pipeline_version_not_found</c>).</summary>
[GenerateSerializer]
public sealed class PipelineNotFoundException(string code, string message, string target)
    : NotFoundException(code, message, target);
/// <summary>
/// An endpoint spec with problems (<c>invalid_endpoint</c>): <see cref="Problems"/> lists every one, each with its own
/// code and the JSON path of the spec it is about, so one answer tells the author everything to fix.
/// </summary>
[GenerateSerializer]
public sealed class InvalidEndpointException(string message, IReadOnlyList<Endpoints.SpecProblem> problems)
    : MleException(ErrorCodes.InvalidEndpoint, message)
{
    [Id(0)] public IReadOnlyList<Endpoints.SpecProblem> Problems { get; } = problems;
}

/// <summary>The endpoint does not exist (<c>endpoint_not_found</c>).</summary>
[GenerateSerializer]
public sealed class EndpointNotFoundException(string message, string endpoint)
    : NotFoundException(ErrorCodes.EndpointNotFound, message, endpoint);

/// <summary>Enrichment found no value for a feature declared <c>"missing": "fail"</c> (<c>missing_feature</c>); <see cref="MleException.Target"/> is the feature.</summary>
[GenerateSerializer]
public sealed class MissingFeatureException(string message, string feature)
    : MleException(ErrorCodes.MissingFeature, message, feature);
