namespace Mle.Errors;

/// <summary>Factory for the errors the platform raises, so messages read the same everywhere.</summary>
public static class MleErrors
{
    public static ModelNotFoundException ModelNotFound(string model) =>
        new($"Model '{model}' does not exist.", model);

    public static VersionNotFoundException VersionNotFound(string model, string version) =>
        new($"Model '{model}' has no version '{version}'.", version);

    public static VersionNotFoundException NoServableVersion(string model) =>
        new($"Model '{model}' has no champion alias and no Ready, unarchived version to serve.", "default");

    public static AliasNotFoundException AliasNotFound(string model, string alias) =>
        new($"Model '{model}' has no alias '{alias}'.", alias);

    public static ModelAlreadyExistsException ModelAlreadyExists(string model) =>
        new($"Model '{model}' already exists.", model);

    public static ConflictException VersionArchived(string model, int version) =>
        new(ErrorCodes.VersionArchived, $"Version {version} of model '{model}' is archived.", version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static ConflictException VersionNotReady(string model, int version, string status) =>
        new(ErrorCodes.VersionNotReady, $"Version {version} of model '{model}' is {status}, not Ready.", version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static InvalidRequestException InvalidName(string what, string value, string rule) =>
        new(ErrorCodes.InvalidName, $"Invalid {what} '{value}': {rule}", what);

    public static InvalidRequestException InvalidRequest(string message, string? target = null) =>
        new(ErrorCodes.InvalidRequest, message, target);

    public static InvalidRequestException BatchTooLarge(int rows, int limit) =>
        new(ErrorCodes.BatchTooLarge, $"The request has {rows} rows; the limit is {limit} (Mle:Limits:MaxBatchRows).", "rows")
        {
            Limit = ExceededLimit.Of("MaxBatchRows", limit),
        };

    public static InvalidArtifactException ArtifactTooLarge(long bytes, long limit) =>
        new(ErrorCodes.ArtifactTooLarge, $"The artifact is {bytes} bytes; the limit is {limit} bytes (Mle:Limits:MaxArtifactBytes).")
        {
            Limit = ExceededLimit.Of("MaxArtifactBytes", limit),
        };

    public static InvalidArtifactException ArtifactExpandsTooFar(string what, long limit, string setting) =>
        new(ErrorCodes.ArtifactExpandsTooFar, $"The model zip {what}; the limit is {limit} (Mle:Limits:{setting}). It was refused before anything was expanded.");

    public static InvalidArtifactException UnsafeArtifactEntry(string entry, string rule) =>
        new(ErrorCodes.UnsafeArtifactEntry, $"The model zip has an entry named '{entry}': {rule}");

    public static InvalidArtifactException InvalidArtifact(string reason) =>
        new(ErrorCodes.InvalidArtifact, reason);

    public static InvalidArtifactException UnsupportedFlavor(string flavor) =>
        new(ErrorCodes.UnsupportedFlavor, $"Flavor '{flavor}' is not supported; use 'mlnet' or 'onnx'.");

    public static SchemaMismatchException MissingColumn(string column) =>
        new($"Input column '{column}' is required by the model but was not supplied.", column);

    public static SchemaMismatchException WrongType(string column, string expected, string actual) =>
        new($"Input column '{column}' must be {expected}, but {actual} was supplied.", column);

    public static SchemaMismatchException WrongWidth(string column, int expected, int actual) =>
        new($"Input column '{column}' must be a vector of length {expected}, but length {actual} was supplied.", column);

    public static VersionRecordFailedException VersionRecordFailed(string model, int version, string reason) =>
        new($"Version {version} of model '{model}' could not be recorded ({reason}); it is marked Failed. Retrying with the same Idempotency-Key is safe.",
            version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    public static IdempotencyKeyReusedException IdempotencyKeyReused(string model, string key, int version) =>
        new($"Idempotency key '{key}' was already used for version {version} of model '{model}', with a different artifact.", key);

    public static TooManyUploadsException TooManyUploads(int limit) =>
        new($"This silo is already receiving {limit} uploads, its limit (Mle:Limits:MaxConcurrentUploads); retry later.")
        {
            Limit = ExceededLimit.Of("MaxConcurrentUploads", limit),
        };

    public static InvalidRequestException MetadataTooLarge(string what, int size, int limit, string setting, string target) =>
        new(ErrorCodes.MetadataTooLarge, $"The {what} is {size}; the limit is {limit} (Mle:Limits:{setting}).", target)
        {
            Limit = ExceededLimit.Of(setting, limit),
        };

    public static InvalidRequestException RequestTooLarge(string message, long limit, string? target = null) =>
        new(ErrorCodes.RequestTooLarge, message, target)
        {
            Limit = ExceededLimit.Of("MaxRequestBytes", limit),
        };

    public static TooManyRequestsException TooManyRequests(ExceededLimit limit, string what, TimeSpan? retryAfter) =>
        new(retryAfter is { } wait
                ? string.Create(System.Globalization.CultureInfo.InvariantCulture, $"This key is over its limit of {limit.Value} {what} ({limit.Setting}); retry after {Math.Ceiling(wait.TotalSeconds)} s.")
                : string.Create(System.Globalization.CultureInfo.InvariantCulture, $"This key is over its limit of {limit.Value} {what} ({limit.Setting}); retry when one of its requests has finished."),
            limit, retryAfter);

    public static AuditUnavailableException AuditUnavailable() =>
        new("The audit log cannot record this change right now, so it was not made; retry later.");

    public static NotFoundException TenantNotFound(string tenant) =>
        new(ErrorCodes.TenantNotFound, $"No tenant '{tenant}'.", tenant);

    public static InvalidRequestException InvalidMetric(string name, string value) =>
        new(ErrorCodes.InvalidMetric, $"Metric '{name}' is {value}; metrics must be finite numbers.", "metrics");

    public static InvalidRequestException InvalidMultipart(string reason) =>
        new(ErrorCodes.InvalidMultipart, $"The multipart body cannot be read: {reason}", "body");

    public static UnauthenticatedException Unauthenticated(string reason) =>
        new(reason);

    public static ForbiddenException Forbidden(string role, string operation) =>
        new($"The role '{role}' does not allow {operation}.");

    public static NotFoundException ApiKeyNotFound(string id) =>
        new(ErrorCodes.ApiKeyNotFound, $"No API key '{id}'.", id);

    public static ConflictException ApiKeyConflict(string id) =>
        new(ErrorCodes.ApiKeyConflict, $"An API key '{id}' already exists with another tenant, role or secret.", id);

    public static FeatureSetNotFoundException FeatureSetNotFound(string name) =>
        new($"Feature set '{name}' does not exist.", name);

    public static FeatureSetAlreadyExistsException FeatureSetAlreadyExists(string name) =>
        new($"Feature set '{name}' already exists.", name);

    public static InvalidRequestException InvalidFeatureSet(string message, string target) =>
        new(ErrorCodes.InvalidFeatureSet, message, target);

    public static ConflictException FeatureChangeRejected(string message, string target) =>
        new(ErrorCodes.FeatureChangeRejected, message + " A feature set evolves by adding features only; create a new feature set instead.", target);

    public static InvalidRequestException UnknownFeature(string set, string feature, string target) =>
        new(ErrorCodes.UnknownFeature, $"Feature set '{set}' has no feature '{feature}'.", target);

    public static InvalidRequestException InvalidEvent(string message, string target) =>
        new(ErrorCodes.InvalidEvent, message, target);

    public static InvalidRequestException FeatureTypeMismatch(string feature, string expected, string actual, string target) =>
        new(ErrorCodes.FeatureTypeMismatch, $"Feature '{feature}' is {expected}, but {actual} was supplied.", target);

    public static InvalidRequestException TooManyEvents(int events, int limit) =>
        new(ErrorCodes.TooManyEvents, $"The push has {events} events; the limit is {limit} (Mle:Limits:MaxEventsPerPush).", "events");

    public static InvalidRequestException TooManyEntities(int entities, int limit) =>
        new(ErrorCodes.TooManyEntities, $"The lookup has {entities} entities; the limit is {limit} (Mle:Limits:MaxLookupEntities).", "entities");

    public static InvalidRequestException AsOfOutsideRetention(DateTimeOffset asOf, DateTimeOffset oldest, string set) =>
        new(ErrorCodes.AsOfOutsideRetention,
            $"asOf {asOf:O} is older than feature set '{set}' keeps history for (its retention reaches back to {oldest:O}).", "asOf");

    public static DatasetNotFoundException DatasetNotFound(string name) =>
        new($"Dataset '{name}' does not exist.", name);

    public static DatasetAlreadyExistsException DatasetAlreadyExists(string name) =>
        new($"Dataset '{name}' already exists; datasets are immutable, so build under a new name.", name);

    public static InvalidRequestException InvalidTrainingSet(string message, string target) =>
        new(ErrorCodes.InvalidTrainingSet, message, target);

    public static InvalidRequestException TrainingSetTooLarge(string what, long limit, string setting) =>
        new(ErrorCodes.TrainingSetTooLarge, $"The training set has more than {limit} {what}; the limit is Mle:Limits:{setting}.", setting)
        {
            Limit = ExceededLimit.Of(setting, limit),
        };

    public static InvalidPipelineException InvalidPipeline(string pipeline, IReadOnlyList<Pipelines.DefinitionProblem> problems) =>
        new($"Pipeline '{pipeline}' has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: "
            + string.Join(" ", problems.Select(p => $"[{p.Path}] {p.Message}")), problems);

    public static PipelineStateConflictException PipelineStateConflict(string pipeline, Pipelines.PipelineState state, string command, string allowed) =>
        new($"Pipeline '{pipeline}' is {state}; it cannot {command} ({allowed}).", state.ToString());

    public static PipelineNotFoundException PipelineNotFound(string pipeline) =>
        new(ErrorCodes.PipelineNotFound, $"Pipeline '{pipeline}' does not exist.", pipeline);

    public static PipelineNotFoundException PipelineVersionNotFound(string pipeline, int version) =>
        new(ErrorCodes.PipelineVersionNotFound, $"Pipeline '{pipeline}' has no version {version}.",
            version.ToString(System.Globalization.CultureInfo.InvariantCulture));

    /// <summary>A push that would put more events in flight than the pipeline's bound allows: 429 naming the bound.</summary>
    public static TooManyRequestsException PipelineBackpressure(string pipeline, long inFlight, int events, int bound) =>
        new($"Pipeline '{pipeline}' has {inFlight} events in flight (pushed, not yet processed); {events} more would pass its bound of {bound} "
            + "(Mle:Pipelines:MaxInFlightEvents). Retry once it has caught up.",
            new ExceededLimit("Mle:Pipelines:MaxInFlightEvents", bound), TimeSpan.FromSeconds(1));

    public static TooManyRequestsException PipelineSourceKeptFull(string pipeline, int partition, long kept, int events, int share, int bound) =>
        new($"Pipeline '{pipeline}' is paused and its partition {partition} keeps {kept} source events; {events} more would pass its share "
            + $"({share}) of the bound of {bound} (Mle:Pipelines:MaxKeptSourceEvents). The stream keeps them unacknowledged and delivers them again.",
            new ExceededLimit("Mle:Pipelines:MaxKeptSourceEvents", bound), TimeSpan.FromSeconds(1));
    public static InvalidEndpointException InvalidEndpoint(string endpoint, IReadOnlyList<Endpoints.SpecProblem> problems) =>
        new($"Endpoint '{endpoint}' has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: "
            + string.Join(" ", problems.Select(p => $"[{p.Path}] {p.Message}")), problems);

    public static EndpointNotFoundException EndpointNotFound(string endpoint) =>
        new($"Endpoint '{endpoint}' does not exist.", endpoint);

    public static ConflictException EndpointNameTaken(string name, string takenBy) =>
        new(ErrorCodes.EndpointNameTaken, $"'{name}' is already the name of {takenBy}; a name is either a model or an endpoint.", name);

    public static MissingFeatureException MissingFeature(string featureSet, string feature, string? entity) =>
        new(entity is null
                ? $"A row has no entity for feature set '{featureSet}', and feature '{feature}' is declared \"missing\": \"fail\"."
                : $"Entity '{entity}' of feature set '{featureSet}' has no value for '{feature}', which is declared \"missing\": \"fail\".",
            feature);
}
