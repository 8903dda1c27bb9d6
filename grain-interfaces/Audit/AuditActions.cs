namespace Mle.Audit;

/// <summary>The audited actions, by the names entries and queries (<c>action=</c>) use. New changes add theirs here.</summary>
public static class AuditActions
{
    public const string ModelCreate = "model.create";
    public const string VersionRegister = "version.register";
    public const string VersionArchive = "version.archive";
    public const string AliasSet = "alias.set";
    public const string AliasDelete = "alias.delete";
    public const string KeyCreate = "key.create";
    public const string KeyRevoke = "key.revoke";
    public const string FeatureSetCreate = "featureset.create";
    public const string FeatureSetEvolve = "featureset.evolve";
    public const string PipelineCreate = "pipeline.create";
    public const string PipelineDeploy = "pipeline.deploy";
    public const string PipelinePause = "pipeline.pause";
    public const string PipelineResume = "pipeline.resume";
    public const string PipelineStop = "pipeline.stop";
    public const string PipelineDelete = "pipeline.delete";
    public const string PipelineReplay = "pipeline.replay";
    public const string EndpointPut = "endpoint.put";
    public const string EndpointDelete = "endpoint.delete";

    /// <summary>A canary's candidate rolled back by its rule (a system decision; the entry's actor is <c>system</c>).</summary>
    public const string EndpointRollback = "endpoint.rollback";
    public const string DatasetCreate = "dataset.create";
}
