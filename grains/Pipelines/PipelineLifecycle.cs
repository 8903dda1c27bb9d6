using Mle.Errors;

namespace Mle.Pipelines;

/// <summary>
/// The lifecycle of one pipeline as a value: its state, the definition version it runs, and why it failed. Each
/// command returns the next lifecycle or throws <see cref="PipelineStateConflictException"/> (409) naming the current
/// state and what it allows; the current one is never changed. Repeating a command that already holds (pause a paused
/// pipeline, stop a stopped one) succeeds and changes nothing, so a retried request is harmless.
/// <code>
/// command  from                       to
/// deploy   Draft, Stopped, Failed     Running   (the given version)
///          Running                    Running   (the new version takes over)
///          Paused                     Paused    (the new version runs on resume)
/// pause    Running                    Paused
/// resume   Paused                     Running
/// stop     Running, Paused, Failed    Stopped
/// fail     Running, Paused            Failed    (a fault; the reason is kept)
/// delete   Draft, Stopped, Failed     (gone: a running or paused pipeline is stopped first)
/// </code>
/// </summary>
public sealed record PipelineLifecycle(string Pipeline, PipelineState State, int? DeployedVersion = null, string? FailureReason = null)
{
    public static PipelineLifecycle New(string pipeline) => new(pipeline, PipelineState.Draft);

    public PipelineLifecycle Deploy(int version)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(version, 1);
        return State switch
        {
            PipelineState.Paused => this with { DeployedVersion = version },
            _ => new PipelineLifecycle(Pipeline, PipelineState.Running, version),
        };
    }

    public PipelineLifecycle Pause() => State switch
    {
        PipelineState.Running => this with { State = PipelineState.Paused },
        PipelineState.Paused => this,
        _ => throw Conflict("pause", "only a running pipeline can be paused"),
    };

    public PipelineLifecycle Resume() => State switch
    {
        PipelineState.Paused => this with { State = PipelineState.Running },
        PipelineState.Running => this,
        _ => throw Conflict("resume", "only a paused pipeline can be resumed; deploy it to start it"),
    };

    public PipelineLifecycle Stop() => State switch
    {
        PipelineState.Running or PipelineState.Paused or PipelineState.Failed => this with { State = PipelineState.Stopped, FailureReason = null },
        PipelineState.Stopped => this,
        _ => throw Conflict("stop", "a draft has never run"),
    };

    /// <summary>A fault the pipeline cannot get past (its source is gone, its definition no longer resolves).</summary>
    public PipelineLifecycle Fail(string reason) => State switch
    {
        PipelineState.Running or PipelineState.Paused => this with { State = PipelineState.Failed, FailureReason = reason },
        PipelineState.Failed => this,
        _ => throw Conflict("fail", "only a running or paused pipeline can fail"),
    };

    /// <summary>Checks that the pipeline may be deleted: never while it runs or holds paused events.</summary>
    public void EnsureDeletable()
    {
        if (State is PipelineState.Running or PipelineState.Paused)
        {
            throw Conflict("be deleted", "stop it first");
        }
    }

    /// <summary>The commands the current state allows, for people and for the API's answer.</summary>
    public IReadOnlyList<string> AllowedCommands => State switch
    {
        PipelineState.Draft => ["deploy", "delete"],
        PipelineState.Running => ["deploy", "pause", "stop"],
        PipelineState.Paused => ["deploy", "resume", "stop"],
        PipelineState.Stopped => ["deploy", "delete"],
        _ => ["deploy", "stop", "delete"],
    };

    private PipelineStateConflictException Conflict(string command, string rule) =>
        MleErrors.PipelineStateConflict(Pipeline, State, command, $"{rule}; it allows {string.Join(", ", AllowedCommands)}");
}
