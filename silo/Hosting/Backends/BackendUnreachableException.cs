namespace Mle.Silo.Hosting.Backends;

/// <summary>The start failed because a configured backend could not be reached; the message names each setting and endpoint.</summary>
public sealed class BackendUnreachableException(string message, Exception? inner = null) : Exception(message, inner);
