namespace Mle.Streams;

/// <summary>
/// The names every producer and consumer of the platform's streams agree on: one stream provider, whatever its
/// backend (memory, Azure Queue, Event Hubs), and its namespaces. Stream ids within a namespace are
/// <c>{tenant}/{name}</c>.
/// </summary>
public static class StreamNames
{
    /// <summary>The one stream provider.</summary>
    public const string Provider = "mle";

    /// <summary>Input events, per source.</summary>
    public const string Events = "events";

    /// <summary>
    /// Pipelines' input, one stream per partition of a pipeline (<c>{tenant}/{pipeline}/{partition}</c>), each item a
    /// <c>PipelineEventBatch</c>: kept apart from <see cref="Events"/>, whose every stream the feature mart consumes.
    /// </summary>
    public const string Pipelines = "pipelines";

    /// <summary>Scored outputs, per endpoint or pipeline.</summary>
    public const string Predictions = "predictions";

    /// <summary>Lifecycle events pushed to WebSocket clients.</summary>
    public const string Notifications = "notifications";

    /// <summary>
    /// What consumers could not process, under the id of the stream it came from: for the feature mart a
    /// <c>DeadLetteredEvent</c> (reason, code and the original event) per bad event of <see cref="Events"/>.
    /// </summary>
    public const string DeadLetters = "deadletters";
}
