namespace Mle.Errors;

/// <summary>
/// The one catalogue of stable error codes. REST problem-details carry them in <c>code</c>,
/// the SDK surfaces them as <see cref="MleException.Code"/>; they never change meaning.
/// </summary>
public static class ErrorCodes
{
    public const string InvalidRequest = "invalid_request";
    public const string InvalidName = "invalid_name";
    public const string ModelNotFound = "model_not_found";
    public const string ModelAlreadyExists = "model_already_exists";
    public const string VersionNotFound = "version_not_found";
    public const string AliasNotFound = "alias_not_found";
    public const string VersionNotReady = "version_not_ready";
    public const string VersionArchived = "version_archived";
    public const string InvalidArtifact = "invalid_artifact";
    public const string UnsupportedFlavor = "unsupported_flavor";
    public const string ArtifactTooLarge = "artifact_too_large";
    public const string SchemaMismatch = "schema_mismatch";
    public const string BatchTooLarge = "batch_too_large";
    public const string RequestTooLarge = "request_too_large";
    public const string ScoringFailed = "scoring_failed";

    /// <summary>The model's engine refused these inputs (a shape or value it cannot compute on); the caller can fix it.</summary>
    public const string InvalidInput = "invalid_input";

    /// <summary>No route has this path.</summary>
    public const string RouteNotFound = "route_not_found";

    /// <summary>The route exists but not with this HTTP method.</summary>
    public const string MethodNotAllowed = "method_not_allowed";

    /// <summary>The body's content type (or its charset) is not one the route reads.</summary>
    public const string UnsupportedMediaType = "unsupported_media_type";

    /// <summary>The request target is longer than the configured limit.</summary>
    public const string UrlTooLong = "url_too_long";

    /// <summary>An unexpected fault on the server's side; the message carries no detail of it.</summary>
    public const string InternalError = "internal_error";

    /// <summary>The artifact was stored but the version could not be recorded (storage failed); nothing is servable. Retry with the same idempotency key.</summary>
    public const string VersionRecordFailed = "version_record_failed";

    /// <summary>An <c>Idempotency-Key</c> already used for a different artifact of the same model.</summary>
    public const string IdempotencyKeyReused = "idempotency_key_reused";

    /// <summary>The silo is already receiving <c>Mle:Limits:MaxConcurrentUploads</c> uploads; retry later.</summary>
    public const string TooManyUploads = "too_many_uploads";

    /// <summary>A description, tag or metric over one of the registry's metadata limits (<c>Mle:Limits:Max*</c>).</summary>
    public const string MetadataTooLarge = "metadata_too_large";

    /// <summary>A metric that is not a finite number (NaN, infinity, or out of the range of a double).</summary>
    public const string InvalidMetric = "invalid_metric";

    /// <summary>A multipart body that cannot be read: truncated, wrong boundary, oversized part headers, duplicate parts.</summary>
    public const string InvalidMultipart = "invalid_multipart";

    /// <summary>The request carries no valid credentials (<c>Authorization: Bearer &lt;api key or JWT&gt;</c>): 401.</summary>
    public const string Unauthenticated = "unauthenticated";

    /// <summary>The caller's role does not allow the operation on a resource of its own tenant: 403.</summary>
    public const string Forbidden = "forbidden";

    /// <summary>No API key of the caller's tenant has this id.</summary>
    public const string ApiKeyNotFound = "api_key_not_found";

    /// <summary>An API key with this id already exists with another grant.</summary>
    public const string ApiKeyConflict = "api_key_conflict";

    /// <summary>
    /// A key is over one of its request limits (<c>Mle:Limits:MaxConcurrentRequestsPerKey</c>,
    /// <c>MaxRequestsPerSecondPerKey</c>): 429, with the limit named and a <c>Retry-After</c> where it applies.
    /// </summary>
    public const string TooManyRequests = "too_many_requests";

    /// <summary>The audit log could not record a change before it was made, so it was not made: 503, retry later.</summary>
    public const string AuditUnavailable = "audit_unavailable";

    /// <summary>No tenant of that name is visible to the caller (only installation admins see other tenants).</summary>
    public const string TenantNotFound = "tenant_not_found";

    /// <summary>
    /// A model zip that would expand past <c>Mle:Limits:MaxArtifactExpandedBytes</c> or hold more than
    /// <c>Mle:Limits:MaxArtifactEntries</c> entries (a zip bomb): refused before it is expanded, 413.
    /// </summary>
    public const string ArtifactExpandsTooFar = "artifact_expands_too_far";

    /// <summary>A model zip with an entry whose name is a path out of the archive (<c>../</c>, absolute, a drive, a backslash, a NUL): 422.</summary>
    public const string UnsafeArtifactEntry = "unsafe_artifact_entry";

    /// <summary>No feature set of the caller's tenant has this name (404).</summary>
    public const string FeatureSetNotFound = "feature_set_not_found";

    /// <summary>A feature set with this name already exists (409).</summary>
    public const string FeatureSetAlreadyExists = "feature_set_already_exists";

    /// <summary>A feature set definition that breaks a rule: a bad name, type, function, duration or window; <c>target</c> names the field (400).</summary>
    public const string InvalidFeatureSet = "invalid_feature_set";

    /// <summary>An evolution that removes or retypes a feature, changes an aggregate or the entity key (409); only additions keep entity state meaningful.</summary>
    public const string FeatureChangeRejected = "feature_change_rejected";

    /// <summary>A feature name the set does not declare, in an event or a lookup (400).</summary>
    public const string UnknownFeature = "unknown_feature";

    /// <summary>An event without an id, an entity or a time, or with a time too far in the future (400); <c>target</c> names the field.</summary>
    public const string InvalidEvent = "invalid_event";

    /// <summary>A value whose JSON or SDK type does not match the feature's declared type (400).</summary>
    public const string FeatureTypeMismatch = "feature_type_mismatch";

    /// <summary>More events in one push than <c>Mle:Limits:MaxEventsPerPush</c> (413).</summary>
    public const string TooManyEvents = "too_many_events";

    /// <summary>More entities in one lookup than <c>Mle:Limits:MaxLookupEntities</c> (413).</summary>
    public const string TooManyEntities = "too_many_entities";

    /// <summary>An <c>asOf</c> older than the feature set's retention allows (400).</summary>
    public const string AsOfOutsideRetention = "as_of_outside_retention";

    /// <summary>An expression that does not parse, or uses what the language leaves out (method calls, macros, maps, indexing).</summary>
    public const string InvalidExpression = "invalid_expression";

    /// <summary>An expression over <c>Mle:Limits:MaxExpressionLength</c>, <c>MaxExpressionNodes</c> or <c>MaxExpressionDepth</c>.</summary>
    public const string ExpressionTooComplex = "expression_too_complex";

    /// <summary>An expression names a field the record does not declare at that point.</summary>
    public const string UnknownField = "unknown_field";

    /// <summary>An expression applies an operator or function to operands of the wrong types, or yields the wrong type.</summary>
    public const string ExpressionTypeMismatch = "expression_type_mismatch";

    /// <summary>A well-typed expression could not be evaluated on one record: division by zero, a result that is not a finite number, a field holding a value of another type than declared.</summary>
    public const string ExpressionEvaluationFailed = "expression_evaluation_failed";

    /// <summary>A pipeline definition with problems; the error lists every one of them.</summary>
    public const string InvalidPipeline = "invalid_pipeline";

    /// <summary>A pipeline step whose <c>type</c> is none of filter, map, featurize, enrich, score, sink.</summary>
    public const string UnknownStepType = "unknown_step_type";

    /// <summary>Two steps of one pipeline with the same name.</summary>
    public const string DuplicateStep = "duplicate_step";

    /// <summary>A step's <c>after</c> names a step the pipeline does not have.</summary>
    public const string UnknownStep = "unknown_step";

    /// <summary>The steps' <c>after</c> lists form a cycle.</summary>
    public const string PipelineCycle = "pipeline_cycle";

    /// <summary>A lifecycle command the pipeline's current state does not allow (deploy a stopped pipeline, resume a running one): 409.</summary>
    public const string PipelineStateConflict = "pipeline_state_conflict";

    /// <summary>The pipeline does not exist (404).</summary>
    public const string PipelineNotFound = "pipeline_not_found";

    /// <summary>The pipeline has no definition version with that number (404).</summary>
    public const string PipelineVersionNotFound = "pipeline_version_not_found";

    /// <summary>A pipeline step failed on an event for a reason without a code of its own; the dead letter says why.</summary>
    public const string StepFailed = "step_failed";

    /// <summary>A pipeline's sink could not deliver (a webhook that kept failing after its retries); the dead letter says why.</summary>
    public const string SinkFailed = "sink_failed";

    /// <summary>
    /// A silo the request needed left, crashed or did not answer in time (the cluster is converging after a failure or a
    /// scale-in): 503 with <c>Retry-After</c>; the same request succeeds once membership has moved the grain.
    /// </summary>
    public const string ClusterUnavailable = "cluster_unavailable";

    /// <summary>An endpoint spec with problems (<c>invalid_endpoint</c>, 400); the error lists every one of them with its path in the spec.</summary>
    public const string InvalidEndpoint = "invalid_endpoint";

    /// <summary>No endpoint of the caller's tenant has this name (404).</summary>
    public const string EndpointNotFound = "endpoint_not_found";

    /// <summary>The name is already a model's (for an endpoint) or an endpoint's (for a model): one name serves one thing (409).</summary>
    public const string EndpointNameTaken = "endpoint_name_taken";

    /// <summary>An endpoint's enrichment found no value for a feature whose policy is <c>"missing": "fail"</c> (422).</summary>
    public const string MissingFeature = "missing_feature";
    /// <summary>No dataset of the caller's tenant has this name (404).</summary>
    public const string DatasetNotFound = "dataset_not_found";

    /// <summary>A dataset with this name already exists; datasets are immutable (409).</summary>
    public const string DatasetAlreadyExists = "dataset_already_exists";

    /// <summary>
    /// A training-set request that cannot be built: a feature not written <c>set:feature</c>, no timestamp or entity
    /// column, a row without an entity or with a time that is not ISO 8601, malformed CSV; <c>target</c> names the field (400).
    /// </summary>
    public const string InvalidTrainingSet = "invalid_training_set";

    /// <summary>A training set over <c>Mle:Limits:MaxTrainingSetRows</c> rows or <c>MaxDatasetBytes</c> bytes (413); the limit is named.</summary>
    public const string TrainingSetTooLarge = "training_set_too_large";
}
