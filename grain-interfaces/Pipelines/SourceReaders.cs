namespace Mle.Pipelines;

/// <summary>
/// The pipelines of one tenant that read one source namespace; <see cref="Revision"/> grows with every change, so a
/// silo never installs an older list over a newer one.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record SourceReaders([property: Id(0)] long Revision, [property: Id(1)] IReadOnlyList<PipelineReader> Readers)
{
    public static SourceReaders None { get; } = new(0, []);
}
