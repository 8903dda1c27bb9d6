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
}
