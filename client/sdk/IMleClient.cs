namespace Mle.Client;

/// <summary>
/// The entry point of the Mle .NET SDK. Register it with
/// <c>services.AddMleClient(...)</c> to reach a cluster through a silo's gateway, or with
/// <c>services.AddMleClientCohosted()</c> inside a silo process.
/// </summary>
public interface IMleClient
{
    /// <summary>The model registry and scoring.</summary>
    IModelsClient Models { get; }

    /// <summary>The feature mart: feature sets, events, online and point-in-time lookups.</summary>
    IFeaturesClient Features { get; }

    /// <summary>Changes in the tenant as they happen, from every silo.</summary>
    INotificationsClient Notifications { get; }
    /// <summary>Pipelines: definitions and versions, the lifecycle, events and dead letters.</summary>
    IPipelinesClient Pipelines { get; }
    /// <summary>Serving endpoints: A/B splits, shadows, canaries, ensembles, chains, segments over the models.</summary>
    IEndpointsClient Endpoints { get; }
    /// <summary>Datasets: point-in-time training sets built from the feature mart, listed and downloaded.</summary>
    IDatasetsClient Datasets { get; }
}
