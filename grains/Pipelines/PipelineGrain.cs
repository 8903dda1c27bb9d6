using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;

namespace Mle.Pipelines;

/// <summary>
/// A pipeline's versions and lifecycle: the single writer of both. Every lifecycle command goes through
/// <see cref="PipelineLifecycle"/> (409 with the current state when it does not hold), is saved, and is then told to
/// every partition, which follow it between batches: when a pause returns, nothing more is processed; when a deploy
/// returns, every partition runs the new version. It also admits pushes against the in-flight bound and adds up the
/// partitions' reports. The in-flight count lives in memory only: after this grain reactivates it starts from zero.
/// </summary>
public sealed partial class PipelineGrain(
    [PersistentState("pipeline", StorageNames.Registry)] IPersistentState<PipelineGrainState> state,
    PipelineValidator validator,
    PlatformPipelineCatalog catalog,
    IOptions<PipelinesOptions> options,
    TimeProvider time,
    ILogger<PipelineGrain> logger)
    : Grain, IPipelineGrain
{
    private readonly Dictionary<int, PipelineVersion> _versions = [];
    // Which activation lent a lease: room given back to another one (this grain moved since) is not taken off its count.
    private readonly long _lender = Random.Shared.NextInt64(1, long.MaxValue);
    private readonly HashSet<string> _borrowers = new(StringComparer.Ordinal);
    private long _inFlight;
    private bool _countersChanged;

    private bool Exists => state.State.Versions.Count > 0;

    public override Task OnActivateAsync(CancellationToken cancellationToken)
    {
        foreach (var stored in state.State.Versions)
        {
            _versions[stored.Version] = Read(stored);
        }
        // Counters change with every batch; writing each would cost a storage write per batch, so they are saved on a
        // period: a crash loses at most one interval of counts, never events.
        var interval = options.Value.CountersSaveInterval;
        this.RegisterGrainTimer(SaveCounters, new GrainTimerCreationOptions(interval, interval) { Interleave = false, KeepAlive = false });
        return Task.CompletedTask;
    }

    private async Task SaveCounters(CancellationToken cancellationToken)
    {
        if (!Exists || !_countersChanged)
        {
            return;
        }
        try
        {
            _countersChanged = false;
            await state.WriteStateAsync(cancellationToken);
        }
        catch (Exception error)
        {
            _countersChanged = true;
            LogCountersNotSaved(logger, this.GetPrimaryKeyString(), error);
        }
    }

    public override async Task OnDeactivateAsync(DeactivationReason reason, CancellationToken cancellationToken)
    {
        if (Exists && _countersChanged)
        {
            try
            {
                await state.WriteStateAsync(cancellationToken);
            }
            catch (Exception error)
            {
                LogCountersNotSaved(logger, this.GetPrimaryKeyString(), error);
            }
        }
    }

    public async Task<PipelineInfo> Create(string json)
    {
        var pipeline = ValidKey();
        if (json is null || json.Length > options.Value.MaxDefinitionBytes)
        {
            throw MleErrors.InvalidRequest(
                $"A pipeline definition is at most {options.Value.MaxDefinitionBytes} characters (Mle:Pipelines:MaxDefinitionBytes).", "definition");
        }
        var validation = await validator.Validate(json, pipeline.Tenant, catalog);
        if (validation.Plan is not { } plan)
        {
            throw MleErrors.InvalidPipeline(pipeline.Name, validation.Problems);
        }
        if (plan.Definition.Name != pipeline.Name)
        {
            throw MleErrors.InvalidRequest($"The definition names pipeline '{plan.Definition.Name}', not '{pipeline.Name}'.", "name");
        }
        if (Exists && state.State.Versions[^1].Json == json)
        {
            return Info();
        }
        if (state.State.Versions.Count >= options.Value.MaxVersions)
        {
            throw MleErrors.InvalidRequest($"Pipeline '{pipeline.Name}' has {state.State.Versions.Count} versions, the most it may keep (Mle:Pipelines:MaxVersions).", "definition");
        }
        var now = time.GetUtcNow();
        if (!Exists)
        {
            state.State = new PipelineGrainState { CreatedAt = now, Partitions = options.Value.Partitions, State = PipelineState.Draft };
        }
        var stored = new StoredPipelineVersion(state.State.Versions.Count + 1, json, now);
        state.State.Versions.Add(stored);
        state.State.UpdatedAt = now;
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Memory is ahead of storage: start again from what was stored.
            DeactivateOnIdle();
            throw;
        }
        _versions[stored.Version] = new PipelineVersion(stored.Version, plan.Definition, json, now);
        await UpdateDirectory();
        return Info();
    }

    public Task<PipelineStatus> Get()
    {
        EnsureExists();
        var steps = state.State.Steps.Values.ToList();
        var silos = state.State.Silos.Values.OrderBy(s => s.Silo, StringComparer.Ordinal).ToList();
        return Task.FromResult(new PipelineStatus(Info(), state.State.Counters, steps, state.State.Latency, _inFlight, silos));
    }

    public Task<IReadOnlyList<PipelineVersion>> Versions()
    {
        EnsureExists();
        return Task.FromResult<IReadOnlyList<PipelineVersion>>([.. _versions.Values.OrderBy(v => v.Version)]);
    }

    public Task<PipelineVersion> Version(int version)
    {
        EnsureExists();
        return Task.FromResult(_versions.GetValueOrDefault(version) ?? throw MleErrors.PipelineVersionNotFound(ValidKey().Name, version));
    }

    public async Task<PipelineInfo> Deploy(int? version)
    {
        EnsureExists();
        var pipeline = ValidKey();
        var chosen = version ?? state.State.Versions.Count;
        var definition = _versions.GetValueOrDefault(chosen) ?? throw MleErrors.PipelineVersionNotFound(pipeline.Name, chosen);
        // The feature sets and models it names may have changed since the version was added: check again now.
        var validation = await validator.Validate(definition.Definition, pipeline.Tenant, catalog);
        if (!validation.Succeeded)
        {
            throw MleErrors.InvalidPipeline(pipeline.Name, validation.Problems);
        }
        return await Apply(Lifecycle().Deploy(chosen));
    }

    public Task<PipelineInfo> Pause() => Apply(ExistingLifecycle().Pause());

    public Task<PipelineInfo> Resume() => Apply(ExistingLifecycle().Resume());

    public Task<PipelineInfo> Stop() => Apply(ExistingLifecycle().Stop());

    public async Task Delete()
    {
        ExistingLifecycle().EnsureDeletable();
        var pipeline = ValidKey();
        await GrainFactory.GetGrain<IPipelineDeadLettersGrain>(pipeline.Key).Clear();
        await state.ClearStateAsync();
        state.State = new PipelineGrainState();
        _versions.Clear();
        _inFlight = 0;
        _borrowers.Clear();
        _countersChanged = false;
        try
        {
            await GrainFactory.GetGrain<IPipelineDirectoryGrain>(pipeline.Tenant).Remove(pipeline.Name);
        }
        catch (Exception error)
        {
            LogDirectoryFailed(logger, pipeline.Key, error);
        }
        DeactivateOnIdle();
    }

    public Task<Admission> Admit(int events)
    {
        EnsureAdmits(events);
        _inFlight += events;
        return Task.FromResult(CurrentAdmission());
    }

    public Task<AdmissionLease> Lease(string silo, int events, int more, LeaseReturn returned)
    {
        // Taken back first, so the silo's own unused room does not count against its push: through one silo the bound is exact.
        TakeBack(returned);
        EnsureAdmits(events);
        // At most half of what is free, so other silos still find room.
        var extra = (int)Math.Clamp((options.Value.MaxInFlightEvents - _inFlight - events) / 2, 0, Math.Max(0, more));
        _inFlight += events + extra;
        _borrowers.Add(silo);
        return Task.FromResult(new AdmissionLease(CurrentAdmission(), events + extra, state.State.Epoch, _lender));
    }

    public Task GiveBack(LeaseReturn returned)
    {
        TakeBack(returned);
        return Task.CompletedTask;
    }

    private void TakeBack(LeaseReturn returned)
    {
        if (returned.Lender == _lender && returned.Events > 0)
        {
            _inFlight = Math.Max(0, _inFlight - returned.Events);
        }
    }

    private void EnsureAdmits(int events)
    {
        EnsureExists();
        if (state.State.State is not (PipelineState.Running or PipelineState.Paused))
        {
            throw MleErrors.PipelineStateConflict(ValidKey().Name, state.State.State, "accept events",
                "it accepts events while running or paused; deploy it first");
        }
        var bound = options.Value.MaxInFlightEvents;
        if (_inFlight + events > bound)
        {
            throw MleErrors.PipelineBackpressure(ValidKey().Name, _inFlight, events, bound);
        }
    }

    /// <summary>
    /// Takes every silo's lease back before a lifecycle change returns, so pushes after it are admitted (or refused)
    /// under the new state. A silo that does not answer in time keeps admitting under the old one until its lease
    /// ends (<see cref="PipelinesOptions.AdmissionLeaseTime"/>).
    /// </summary>
    private async Task TakeLeasesBack(PipelineRef pipeline)
    {
        var borrowers = _borrowers.ToList();
        _borrowers.Clear();
        var epoch = state.State.Epoch;
        await Task.WhenAll(borrowers.Select(async silo =>
        {
            try
            {
                TakeBack(await GrainFactory.GetGrain<ISiloPipelineAdmissionsGrain>(silo).Revoke(pipeline.Key, epoch).WaitAsync(options.Value.SourceUpdateTimeout));
            }
            catch (Exception error)
            {
                LogLeaseNotRevoked(logger, pipeline.Key, silo, error);
            }
        }));
    }

    private Admission CurrentAdmission()
    {
        var deployed = state.State.DeployedVersion is { } version ? _versions.GetValueOrDefault(version) : null;
        var byEntity = deployed is null || PipelinePartitions.ByEntity(deployed.Definition, options.Value.OrderEveryPipelineByEntity);
        return new Admission(state.State.Partitions, state.State.State, byEntity);
    }

    public Task Release(int events)
    {
        _inFlight = Math.Max(0, _inFlight - events);
        return Task.CompletedTask;
    }

    public Task Completed(BatchReport report)
    {
        _inFlight = Math.Max(0, _inFlight - report.Events);
        if (!Exists)
        {
            return Task.CompletedTask;
        }
        state.State.Counters = state.State.Counters.Add(report.Counters);
        foreach (var step in report.Steps)
        {
            state.State.Steps[step.Step] = state.State.Steps.TryGetValue(step.Step, out var known)
                ? known with { Type = step.Type, Counters = known.Counters.Add(step.Counters) }
                : step;
        }
        state.State.Latency = state.State.Latency.Add(report.Latency);
        if (report.Silo is { } silo)
        {
            var at = time.GetUtcNow();
            state.State.Silos[silo] = new SiloProcessed(silo, (state.State.Silos.GetValueOrDefault(silo)?.Events ?? 0) + report.Counters.In, at);
            if (state.State.Silos.Count > PipelineGrainState.MaxSilos)
            {
                state.State.Silos.Remove(state.State.Silos.Values.MinBy(s => s.LastAt)!.Silo);
            }
        }
        _countersChanged = true;
        return Task.CompletedTask;
    }

    public Task<PipelineRun> Run() => Task.FromResult(CurrentRun());

    private PipelineRun CurrentRun() =>
        new(Exists ? state.State.State : PipelineState.Stopped, state.State.DeployedVersion, state.State.Epoch, state.State.CreatedAt.UtcTicks);

    private async Task<PipelineInfo> Apply(PipelineLifecycle next)
    {
        var pipeline = ValidKey();
        var reads = next.State is PipelineState.Running or PipelineState.Paused
            && next.DeployedVersion is { } deployed && _versions.GetValueOrDefault(deployed)?.Definition.Source is { Type: PipelineSource.Stream, Namespace: { } ns }
            ? ns
            : null;
        // Detached before the partitions stop, attached after they run: a source batch never finds a partition that
        // would refuse it for a state the pipeline is leaving.
        if (state.State.ReadsNamespace is { } read && read != reads)
        {
            await Readers(pipeline, read).Detach(pipeline.Name);
        }
        state.State.ReadsNamespace = reads;
        state.State.State = next.State;
        state.State.DeployedVersion = next.DeployedVersion;
        state.State.FailureReason = next.FailureReason;
        state.State.Epoch++;
        state.State.UpdatedAt = time.GetUtcNow();
        try
        {
            await state.WriteStateAsync();
            _countersChanged = false;
        }
        catch
        {
            DeactivateOnIdle();
            throw;
        }
        await UpdateDirectory();
        await TakeLeasesBack(pipeline);
        // Every partition follows the run before the command returns; a retried command (it holds already) tells them
        // again, which repairs one that missed it.
        var run = CurrentRun();
        await Task.WhenAll(Enumerable.Range(0, state.State.Partitions)
            .Select(p => GrainFactory.GetGrain<IPipelinePartitionGrain>(pipeline.PartitionKey(p)).Follow(run)));
        if (reads is not null)
        {
            // Pushed to every silo before the command returns: events produced after a deploy returned are consumed.
            await Readers(pipeline, reads).Attach(new PipelineReader(pipeline.Name, state.State.Partitions, CurrentAdmission().ByEntity));
        }
        return Info();
    }

    private IPipelineSourceReadersGrain Readers(PipelineRef pipeline, string streamNamespace) =>
        GrainFactory.GetGrain<IPipelineSourceReadersGrain>(PipelineSources.Key(pipeline.Tenant, streamNamespace));

    private PipelineLifecycle Lifecycle() =>
        new(ValidKey().Name, state.State.State, state.State.DeployedVersion, state.State.FailureReason);

    private PipelineLifecycle ExistingLifecycle()
    {
        EnsureExists();
        return Lifecycle();
    }

    private PipelineInfo Info()
    {
        var pipeline = ValidKey();
        var lifecycle = Lifecycle();
        var latest = _versions[state.State.Versions.Count];
        return new PipelineInfo(pipeline.Tenant, pipeline.Name, latest.Version, lifecycle.State, lifecycle.DeployedVersion, lifecycle.FailureReason,
            lifecycle.AllowedCommands, latest.Definition.Source.Type, state.State.CreatedAt, state.State.UpdatedAt);
    }

    private void EnsureExists()
    {
        if (!Exists)
        {
            // Unknown names arrive by typo and by probing: an activation kept per name would be memory for nothing.
            DeactivateOnIdle();
            throw MleErrors.PipelineNotFound(ValidKey().Name);
        }
    }

    private async Task UpdateDirectory()
    {
        try
        {
            await GrainFactory.GetGrain<IPipelineDirectoryGrain>(ValidKey().Tenant).Upsert(Info());
        }
        catch (Exception error)
        {
            LogDirectoryFailed(logger, this.GetPrimaryKeyString(), error);
        }
    }

    private static PipelineVersion Read(StoredPipelineVersion stored)
    {
        var reading = PipelineDefinitionReader.Read(stored.Json);
        return new PipelineVersion(stored.Version, reading.Definition!, stored.Json, stored.CreatedAt);
    }

    private PipelineRef ValidKey()
    {
        var key = this.GetPrimaryKeyString();
        var parts = key.Split('/');
        if (parts.Length != 2)
        {
            throw MleErrors.InvalidName("pipeline key", key, "a pipeline key is tenant/name.");
        }
        return PipelineRef.Create(parts[0], parts[1]);
    }

    [LoggerMessage(Level = LogLevel.Warning, Message = "The directory entry of pipeline {Pipeline} could not be updated; it is retried on its next change.")]
    private static partial void LogDirectoryFailed(ILogger logger, string pipeline, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The admission lease of pipeline {Pipeline} on silo {Silo} could not be taken back; it ends on its own within Mle:Pipelines:AdmissionLeaseTime.")]
    private static partial void LogLeaseNotRevoked(ILogger logger, string pipeline, string silo, Exception error);

    [LoggerMessage(Level = LogLevel.Warning, Message = "The counters of pipeline {Pipeline} could not be saved on deactivation.")]
    private static partial void LogCountersNotSaved(ILogger logger, string pipeline, Exception error);
}
