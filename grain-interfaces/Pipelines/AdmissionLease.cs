namespace Mle.Pipelines;

/// <summary>
/// In-flight room a pipeline lent one silo's admissions: <see cref="Events"/> events, to admit pushes with
/// <see cref="Admission"/> without asking the pipeline each time. <see cref="Epoch"/> is the pipeline's run epoch when
/// it was lent (a lifecycle change takes every lease back); <see cref="Lender"/> names the pipeline activation that lent
/// it, so room given back to an activation that did not lend it (the pipeline moved) is ignored.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record AdmissionLease(
    [property: Id(0)] Admission Admission,
    [property: Id(1)] int Events,
    [property: Id(2)] long Epoch,
    [property: Id(3)] long Lender);
