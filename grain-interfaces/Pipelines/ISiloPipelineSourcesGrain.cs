namespace Mle.Pipelines;

/// <summary>One silo's door to its copy of which pipelines read which source namespaces (key: the silo's address).</summary>
public interface ISiloPipelineSourcesGrain : IGrainWithStringKey
{
    Task Apply(string tenant, string streamNamespace, SourceReaders readers);
}
