namespace Mle.Pipelines;

/// <summary>
/// Which of a tenant's pipelines read one source namespace (key <c>{tenant}/{namespace}</c>): the pipeline grain
/// attaches its pipeline when it runs a version that reads the namespace and detaches it when it stops, is deleted
/// or moves to another source. Every change is pushed to each silo's copy before the call returns.
/// </summary>
public interface IPipelineSourceReadersGrain : IGrainWithStringKey
{
    Task<SourceReaders> Readers();

    Task Attach(PipelineReader reader);

    Task Detach(string pipeline);
}
