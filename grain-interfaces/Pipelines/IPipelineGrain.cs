using Mle.Audit;
using Mle.Security;

namespace Mle.Pipelines;

/// <summary>
/// A pipeline (key <c>{tenant}/{name}</c>): every version of its definition and its lifecycle, Draft → Running ⇄
/// Paused → Stopped (see <see cref="PipelineLifecycle"/> in the grains). It admits pushes (backpressure), tells its
/// partitions what to do, and adds up what they report.
/// </summary>
public interface IPipelineGrain : IGrainWithStringKey
{
    /// <summary>
    /// Validates <paramref name="json"/> (one 400 <c>invalid_pipeline</c> listing every problem) and keeps it as the
    /// next version; the same definition as the latest version again returns the pipeline unchanged.
    /// </summary>
    [Requires(Permission.DefinePipelines)]
    [Audited(AuditActions.PipelineCreate, "pipelines/{name}")]
    Task<PipelineInfo> Create(string json);

    /// <summary>The pipeline with its counters. Throws <c>pipeline_not_found</c>.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<PipelineStatus> Get();

    /// <summary>Every version, oldest first. Throws <c>pipeline_not_found</c>.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<IReadOnlyList<PipelineVersion>> Versions();

    /// <summary>One version. Throws <c>pipeline_not_found</c> or <c>pipeline_version_not_found</c>.</summary>
    [AlwaysInterleave]
    [Requires(Permission.Read)]
    Task<PipelineVersion> Version(int version);

    /// <summary>
    /// Runs <paramref name="version"/> (the latest when null): starts a draft or stopped pipeline, or switches a running
    /// or paused one over at a batch boundary, so no event is dropped or processed twice.
    /// </summary>
    [Requires(Permission.ControlPipelines)]
    [Audited(AuditActions.PipelineDeploy, "pipelines/{name}")]
    Task<PipelineInfo> Deploy(int? version);

    /// <summary>Stops consuming; events pushed meanwhile are kept and processed on resume. 409 unless running.</summary>
    [Requires(Permission.ControlPipelines)]
    [Audited(AuditActions.PipelinePause, "pipelines/{name}")]
    Task<PipelineInfo> Pause();

    /// <summary>Processes the events kept while paused, in order, then consumes again. 409 unless paused.</summary>
    [Requires(Permission.ControlPipelines)]
    [Audited(AuditActions.PipelineResume, "pipelines/{name}")]
    Task<PipelineInfo> Resume();

    /// <summary>Stops the pipeline; events kept while it was paused go to its dead letters (replayable after a deploy).</summary>
    [Requires(Permission.ControlPipelines)]
    [Audited(AuditActions.PipelineStop, "pipelines/{name}")]
    Task<PipelineInfo> Stop();

    /// <summary>Deletes the pipeline, its versions and its dead letters. 409 while it runs or is paused.</summary>
    [Requires(Permission.ControlPipelines)]
    [Audited(AuditActions.PipelineDelete, "pipelines/{name}")]
    Task Delete();

    /// <summary>
    /// Admits <paramref name="events"/> more events: 409 unless running or paused, 429 <c>too_many_requests</c> naming
    /// <c>Mle:Pipelines:MaxInFlightEvents</c> when they would put more than that many in flight (pushed, not yet processed).
    /// </summary>
    [AlwaysInterleave]
    Task<Admission> Admit(int events);

    /// <summary>
    /// Lends the admissions of <paramref name="silo"/> room for <paramref name="events"/> events plus up to
    /// <paramref name="more"/>, taking back <paramref name="returned"/> first (what that silo held unused): its pushes
    /// are then admitted on the silo, without a call here each. Refused as <see cref="Admit"/> refuses: 409 unless running
    /// or paused, 429 naming <c>Mle:Pipelines:MaxInFlightEvents</c> when <paramref name="events"/> more would pass it
    /// (room lent and not yet used counts as in flight). Every lifecycle change takes the leases back before it returns.
    /// </summary>
    [AlwaysInterleave]
    Task<AdmissionLease> Lease(string silo, int events, int more, LeaseReturn returned);

    /// <summary>Room of a lease its silo did not use (it expired, or the silo had no more pushes).</summary>
    [AlwaysInterleave, OneWay]
    Task GiveBack(LeaseReturn returned);

    /// <summary>Gives back an admission whose events could not be put on the input stream.</summary>
    [AlwaysInterleave]
    Task Release(int events);

    /// <summary>
    /// What a partition reports after each batch it processed: counters, latencies, and the in-flight events it took
    /// off. One-way: counters are best effort and the partition goes on to its next batch without waiting for them.
    /// </summary>
    [AlwaysInterleave, OneWay]
    Task Completed(BatchReport report);

    /// <summary>The run a partition follows; what a partition reads when it activates.</summary>
    [AlwaysInterleave]
    Task<PipelineRun> Run();
}
