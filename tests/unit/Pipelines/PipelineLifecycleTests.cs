using Mle.Errors;
using Mle.Pipelines;

namespace Mle.Tests.Unit.Pipelines;

public sealed class PipelineLifecycleTests
{
    private static readonly PipelineLifecycle Draft = PipelineLifecycle.New("fraud");

    [Fact]
    public void A_new_pipeline_is_a_draft_with_no_version_deployed()
    {
        Assert.Equal(PipelineState.Draft, Draft.State);
        Assert.Null(Draft.DeployedVersion);
    }

    [Fact]
    public void Deploy_pause_resume_and_stop_walk_the_lifecycle()
    {
        var running = Draft.Deploy(1);
        var paused = running.Pause();
        var resumed = paused.Resume();
        var stopped = resumed.Stop();

        Assert.Equal((PipelineState.Running, 1), (running.State, running.DeployedVersion));
        Assert.Equal(PipelineState.Paused, paused.State);
        Assert.Equal(PipelineState.Running, resumed.State);
        Assert.Equal(PipelineState.Stopped, stopped.State);
        Assert.Equal(1, stopped.DeployedVersion);
    }

    [Fact]
    public void Deploying_a_running_pipeline_hands_over_to_the_new_version()
    {
        var redeployed = Draft.Deploy(1).Deploy(2);

        Assert.Equal((PipelineState.Running, 2), (redeployed.State, redeployed.DeployedVersion));
    }

    [Fact]
    public void Deploying_a_paused_pipeline_keeps_it_paused_with_the_new_version()
    {
        var paused = Draft.Deploy(1).Pause().Deploy(2);

        Assert.Equal((PipelineState.Paused, 2), (paused.State, paused.DeployedVersion));
        Assert.Equal(PipelineState.Running, paused.Resume().State);
    }

    [Fact]
    public void A_stopped_or_failed_pipeline_can_be_deployed_again()
    {
        Assert.Equal(PipelineState.Running, Draft.Deploy(1).Stop().Deploy(1).State);
        var recovered = Draft.Deploy(1).Fail("source gone").Deploy(2);
        Assert.Equal((PipelineState.Running, 2, (string?)null), (recovered.State, recovered.DeployedVersion, recovered.FailureReason));
    }

    [Fact]
    public void A_failure_keeps_its_reason_until_the_pipeline_is_stopped()
    {
        var failed = Draft.Deploy(1).Fail("stream provider 'mle' has no namespace 'events'");

        Assert.Equal(PipelineState.Failed, failed.State);
        Assert.Equal("stream provider 'mle' has no namespace 'events'", failed.FailureReason);
        Assert.Null(failed.Stop().FailureReason);
    }

    [Fact]
    public void Repeating_a_command_that_already_holds_changes_nothing()
    {
        var paused = Draft.Deploy(1).Pause();
        var running = Draft.Deploy(1);
        var stopped = running.Stop();

        Assert.Same(paused, paused.Pause());
        Assert.Same(running, running.Resume());
        Assert.Same(stopped, stopped.Stop());
    }

    public static TheoryData<string, string> IllegalCommands() => new()
    {
        { "Draft", "pause" },
        { "Draft", "resume" },
        { "Draft", "stop" },
        { "Draft", "fail" },
        { "Stopped", "pause" },
        { "Stopped", "resume" },
        { "Stopped", "fail" },
        { "Failed", "pause" },
        { "Failed", "resume" },
        { "Running", "delete" },
        { "Paused", "delete" },
    };

    [Theory]
    [MemberData(nameof(IllegalCommands))]
    public void An_illegal_command_is_a_conflict_naming_the_current_state_and_changes_nothing(string state, string command)
    {
        var lifecycle = In(Enum.Parse<PipelineState>(state));

        var error = Assert.Throws<PipelineStateConflictException>(() => Apply(lifecycle, command));

        Assert.Equal(ErrorCodes.PipelineStateConflict, error.Code);
        Assert.Equal(state, error.Target);
        Assert.StartsWith($"Pipeline 'fraud' is {state}; it cannot ", error.Message, StringComparison.Ordinal);
        Assert.Contains("it allows " + string.Join(", ", lifecycle.AllowedCommands), error.Message, StringComparison.Ordinal);
        Assert.Equal(state, lifecycle.State.ToString());
    }

    [Theory]
    [InlineData(PipelineState.Draft)]
    [InlineData(PipelineState.Stopped)]
    [InlineData(PipelineState.Failed)]
    public void A_pipeline_that_is_not_running_or_paused_can_be_deleted(PipelineState state)
    {
        In(state).EnsureDeletable();
    }

    [Fact]
    public void Every_command_a_state_allows_succeeds_and_every_other_is_refused()
    {
        var commands = new[] { "deploy", "pause", "resume", "stop", "delete" };
        foreach (var state in Enum.GetValues<PipelineState>())
        {
            var lifecycle = In(state);
            foreach (var command in commands)
            {
                var repeats = (state, command) is (PipelineState.Paused, "pause") or (PipelineState.Running, "resume") or (PipelineState.Stopped, "stop");
                var allowed = lifecycle.AllowedCommands.Contains(command) || repeats;
                var refused = Record.Exception(() => Apply(lifecycle, command));
                Assert.True(allowed == (refused is null), $"{state} {command}: {refused?.Message}");
            }
        }
    }

    private static PipelineLifecycle In(PipelineState state) => state switch
    {
        PipelineState.Draft => Draft,
        PipelineState.Running => Draft.Deploy(1),
        PipelineState.Paused => Draft.Deploy(1).Pause(),
        PipelineState.Stopped => Draft.Deploy(1).Stop(),
        _ => Draft.Deploy(1).Fail("fault"),
    };

    private static void Apply(PipelineLifecycle lifecycle, string command)
    {
        switch (command)
        {
            case "deploy": lifecycle.Deploy(2); break;
            case "pause": lifecycle.Pause(); break;
            case "resume": lifecycle.Resume(); break;
            case "stop": lifecycle.Stop(); break;
            case "fail": lifecycle.Fail("fault"); break;
            default: lifecycle.EnsureDeletable(); break;
        }
    }
}
