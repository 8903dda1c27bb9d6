namespace Mle.Silo.Api.OpenInference;

/// <summary>An output named in an inference request, and its <c>binary_data</c> parameter if it has one.</summary>
internal sealed record RequestedOutput(string Name, bool? Binary = null);
