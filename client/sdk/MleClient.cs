namespace Mle.Client;

/// <summary>The SDK's <see cref="IMleClient"/>: one object per process, thread-safe.</summary>
/// <param name="models">The model registry and scoring client.</param>
/// <param name="features">The feature mart client.</param>
/// <param name="notifications">The notifications client.</param>
/// <param name="pipelines">The pipelines client.</param>
/// <param name="endpoints">The serving endpoints client.</param>
/// <param name="datasets">The datasets client.</param>
public sealed class MleClient(IModelsClient models, IFeaturesClient features, INotificationsClient notifications, IPipelinesClient pipelines,
    IEndpointsClient endpoints, IDatasetsClient datasets) : IMleClient
{
    /// <inheritdoc />
    public IModelsClient Models { get; } = models;

    /// <inheritdoc />
    public IFeaturesClient Features { get; } = features;

    /// <inheritdoc />
    public INotificationsClient Notifications { get; } = notifications;

    /// <inheritdoc />
    public IPipelinesClient Pipelines { get; } = pipelines;

    /// <inheritdoc />
    public IEndpointsClient Endpoints { get; } = endpoints;

    /// <inheritdoc />
    public IDatasetsClient Datasets { get; } = datasets;
}
