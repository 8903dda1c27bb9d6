namespace Mle.Pipelines;

/// <summary>Where a pipeline is in its lifecycle: Draft → Running ⇄ Paused → Stopped, and Failed.</summary>
public enum PipelineState
{
    /// <summary>Defined, never deployed.</summary>
    Draft = 0,

    /// <summary>Consuming its source and processing events.</summary>
    Running = 1,

    /// <summary>Not consuming; events pushed meanwhile are kept and processed on resume.</summary>
    Paused = 2,

    /// <summary>Stopped by a command; may be deployed again, or deleted.</summary>
    Stopped = 3,

    /// <summary>Stopped by a fault it could not get past; may be deployed again, stopped, or deleted.</summary>
    Failed = 4,
}
