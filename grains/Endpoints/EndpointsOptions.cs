namespace Mle.Endpoints;

/// <summary>Serving endpoints' settings and limits (<c>Mle:Endpoints</c>), checked on start by <see cref="EndpointsOptionsValidator"/>.</summary>
public sealed class EndpointsOptions
{
    public const string Section = "Mle:Endpoints";

    /// <summary>Spec versions an endpoint keeps for <c>GET .../versions</c> (default 20, 1 to 1000); older ones are dropped.</summary>
    public int MaxSpecVersions { get; set; } = 20;

    /// <summary>The longest spec a PUT takes, in characters (default 262,144).</summary>
    public int MaxSpecLength { get; set; } = 256 * 1024;

    /// <summary>
    /// Calls of a canary candidate each silo remembers to judge its rollback rule (default 1,000; at least the
    /// rule's <c>minRequests</c>, whatever this says): the window slides over the most recent ones.
    /// </summary>
    public int CanaryWindow { get; set; } = 1000;

    /// <summary>Shadow scorings that may wait per silo (default 1,000); more are dropped and counted, never queued.</summary>
    public int ShadowBacklog { get; set; } = 1000;

    /// <summary>Shadow scorings run at once per silo (default 2, 1 to 64).</summary>
    public int ShadowWorkers { get; set; } = 2;

    /// <summary>
    /// Predictions each silo remembers to join feedback labels to (default 100,000 rows; the oldest are forgotten):
    /// a label for a prediction older than that is counted as unmatched.
    /// </summary>
    public int FeedbackMemory { get; set; } = 100_000;

    /// <summary>Labels one feedback request may carry (default 10,000).</summary>
    public int MaxFeedbackLabels { get; set; } = 10_000;
}
