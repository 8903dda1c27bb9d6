using Mle.Errors;
using Mle.Features;
using Mle.Naming;
using Mle.Schema;
using Mle.Serving;
using Mle.Serving.Expressions;

namespace Mle.Pipelines;

/// <summary>
/// The feature sets and models a pipeline names, as this silo knows them: feature sets from the feature mart's
/// per-silo definition cache, models from the serving catalog (the version an alias selects now).
/// </summary>
public sealed class PlatformPipelineCatalog(FeatureSetCatalog featureSets, IModelServing serving) : IPipelineCatalog
{
    public async ValueTask<PipelineFeatureSet?> FindFeatureSet(string tenant, string featureSet, CancellationToken cancellationToken = default)
    {
        FeatureSetDefinition definition;
        try
        {
            definition = await featureSets.Get(FeatureSetRef.Create(tenant, featureSet));
        }
        catch (MleException missing) when (missing is NotFoundException || missing.Code == ErrorCodes.InvalidName)
        {
            return null;
        }
        var fields = definition.Info.Spec.Features
            .Select(f => KeyValuePair.Create(f.Name, TypeOf(f.Type)))
            .Concat(definition.Info.Spec.Aggregates.Select(a => KeyValuePair.Create(a.Name, a.Function == AggregateFunction.LastN ? FieldType.Vector : FieldType.Number)));
        return new PipelineFeatureSet(definition.Ref.Name, definition.Info.Spec.EntityKey, FieldSchema.Of(fields));
    }

    public async ValueTask<ModelSchema?> FindModel(string tenant, string model, VersionSelector version, CancellationToken cancellationToken = default)
    {
        try
        {
            var resolved = await serving.Resolve(ModelRef.Create(tenant, model), version, cancellationToken);
            return resolved.Schema;
        }
        catch (NotFoundException)
        {
            return null;
        }
    }

    private static FieldType TypeOf(FeatureType type) => type switch
    {
        FeatureType.Bool => FieldType.Boolean,
        FeatureType.String => FieldType.String,
        _ => FieldType.Number,
    };
}
