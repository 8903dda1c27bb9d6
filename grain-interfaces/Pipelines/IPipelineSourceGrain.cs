namespace Mle.Pipelines;

/// <summary>
/// The consumer of source streams (see <see cref="PipelineSourceStreams"/>), one activation per stream key, activated
/// by the first event: it hands each batch to the partitions of every pipeline that reads the stream's namespace.
/// </summary>
public interface IPipelineSourceGrain : IGrainWithStringKey;
