namespace Mle.Client;

/// <summary>The SDK's <see cref="IMleClient"/>: one object per process, thread-safe.</summary>
/// <param name="models">The model registry and scoring client.</param>
/// <param name="features">The feature mart client.</param>
/// <param name="datasets">The datasets client.</param>
public sealed class MleClient(IModelsClient models, IFeaturesClient features, IDatasetsClient datasets) : IMleClient
{
    /// <inheritdoc />
    public IModelsClient Models { get; } = models;

    /// <inheritdoc />
    public IFeaturesClient Features { get; } = features;

    /// <inheritdoc />
    public IDatasetsClient Datasets { get; } = datasets;
}
