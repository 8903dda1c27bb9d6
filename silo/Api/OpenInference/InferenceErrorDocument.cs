namespace Mle.Silo.Api.OpenInference;

/// <summary>Every Open Inference Protocol error body: <c>{"error": "message"}</c>.</summary>
public sealed record InferenceErrorDocument(string Error);
