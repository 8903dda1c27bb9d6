using Mle.Features;
using Mle.Paging;
using Mle.Pipelines;

namespace Mle.Client;

/// <summary>
/// Pipelines of the client's tenant: definitions (JSON, or <see cref="PipelineBuilder"/>, which writes the same JSON)
/// and their versions, the lifecycle, pushing events and dead letters. Errors are the REST API's, as typed exceptions:
/// <see cref="Errors.InvalidPipelineException"/> lists every problem of a definition,
/// <see cref="Errors.PipelineStateConflictException"/> names the state a command found.
/// </summary>
public interface IPipelinesClient
{
    /// <summary>Creates the pipeline the definition names, or adds the definition as its next version.</summary>
    Task<PipelineInfo> CreateAsync(string definitionJson, CancellationToken cancellationToken = default);

    /// <summary>As <see cref="CreateAsync(string, CancellationToken)"/>, with a definition built in C#.</summary>
    Task<PipelineInfo> CreateAsync(PipelineBuilder definition, CancellationToken cancellationToken = default);

    /// <summary>The tenant's pipelines, one page at a time.</summary>
    Task<Page<PipelineInfo>> ListAsync(PageRequest? page = null, CancellationToken cancellationToken = default);

    /// <summary>A pipeline with its counters per pipeline and per step, and its latency from event time to output.</summary>
    Task<PipelineStatus> GetAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Every version of the pipeline's definition, oldest first.</summary>
    Task<IReadOnlyList<PipelineVersion>> VersionsAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Runs <paramref name="version"/> (the latest when null); a running pipeline switches over between batches.</summary>
    Task<PipelineInfo> DeployAsync(string name, int? version = null, CancellationToken cancellationToken = default);

    /// <summary>Stops consuming; events pushed meanwhile are kept for resume.</summary>
    Task<PipelineInfo> PauseAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Processes the kept events in order, then consumes again.</summary>
    Task<PipelineInfo> ResumeAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Stops the pipeline; events kept while paused go to its dead letters.</summary>
    Task<PipelineInfo> StopAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Deletes a stopped (or never deployed) pipeline with its versions and dead letters.</summary>
    Task DeleteAsync(string name, CancellationToken cancellationToken = default);

    /// <summary>Pushes events; returns once they are on the pipeline's input (the source's guarantee).</summary>
    Task<Admission> PushAsync(string name, IReadOnlyList<FeatureEvent> events, CancellationToken cancellationToken = default);

    /// <summary>One page of the pipeline's dead letters, oldest first.</summary>
    Task<Page<PipelineDeadLetter>> DeadLettersAsync(string name, int pageSize = PageRequest.DefaultPageSize, string? continuationToken = null,
        CancellationToken cancellationToken = default);

    /// <summary>Puts up to <paramref name="max"/> of the oldest dead letters back on the pipeline's input; how many.</summary>
    Task<int> ReplayDeadLettersAsync(string name, int max = 10_000, CancellationToken cancellationToken = default);
}
