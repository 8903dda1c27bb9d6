using Mle.Naming;
using Mle.Schema;

namespace Mle.Pipelines;

/// <summary>
/// What validating a pipeline needs to know about the rest of the platform: the feature sets and models it names.
/// The pipeline grain implements it over the feature mart and the serving catalog; tests use a table.
/// </summary>
public interface IPipelineCatalog
{
    /// <summary>The feature set's entity key and features, or null when the tenant has no such feature set.</summary>
    ValueTask<PipelineFeatureSet?> FindFeatureSet(string tenant, string featureSet, CancellationToken cancellationToken = default);

    /// <summary>
    /// The schema of the version <paramref name="version"/> selects now (an alias or number; the default is the
    /// champion), or null when the model, the alias or the version does not exist.
    /// </summary>
    ValueTask<ModelSchema?> FindModel(string tenant, string model, VersionSelector version, CancellationToken cancellationToken = default);
}
