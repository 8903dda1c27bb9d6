namespace Mle.Registry;

/// <summary>The persisted state of one model version (grain <see cref="ModelVersionGrain"/>).</summary>
[GenerateSerializer]
public sealed class ModelVersionState
{
    /// <summary>Null until the model grain records the version.</summary>
    [Id(0)] public ModelVersionInfo? Info { get; set; }
}
