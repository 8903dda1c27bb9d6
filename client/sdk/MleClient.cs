namespace Mle.Client;

/// <summary>The SDK's <see cref="IMleClient"/>: one object per process, thread-safe.</summary>
/// <param name="models">The model registry and scoring client.</param>
public sealed class MleClient(IModelsClient models) : IMleClient
{
    /// <inheritdoc />
    public IModelsClient Models { get; } = models;
}
