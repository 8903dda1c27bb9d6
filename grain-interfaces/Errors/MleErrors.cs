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
        new(ErrorCodes.BatchTooLarge, $"The request has {rows} rows; the limit is {limit} (Mle:Limits:MaxBatchRows).", "rows");

    public static InvalidArtifactException ArtifactTooLarge(long bytes, long limit) =>
        new(ErrorCodes.ArtifactTooLarge, $"The artifact is {bytes} bytes; the limit is {limit} bytes (Mle:Limits:MaxArtifactBytes).");

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
        new($"This silo is already receiving {limit} uploads, its limit (Mle:Limits:MaxConcurrentUploads); retry later.");

    public static InvalidRequestException MetadataTooLarge(string what, int size, int limit, string setting, string target) =>
        new(ErrorCodes.MetadataTooLarge, $"The {what} is {size}; the limit is {limit} (Mle:Limits:{setting}).", target);

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

    public static InvalidPipelineException InvalidPipeline(string pipeline, IReadOnlyList<Pipelines.DefinitionProblem> problems) =>
        new($"Pipeline '{pipeline}' has {problems.Count} problem{(problems.Count == 1 ? "" : "s")}: "
            + string.Join(" ", problems.Select(p => $"[{p.Path}] {p.Message}")), problems);

    public static PipelineStateConflictException PipelineStateConflict(string pipeline, Pipelines.PipelineState state, string command, string allowed) =>
        new($"Pipeline '{pipeline}' is {state}; it cannot {command} ({allowed}).", state.ToString());
}
