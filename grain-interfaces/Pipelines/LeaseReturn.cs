namespace Mle.Pipelines;

/// <summary>Unused room of a lease a silo gives back, to the activation that lent it (<see cref="AdmissionLease.Lender"/>).</summary>
[GenerateSerializer, Immutable]
public readonly record struct LeaseReturn([property: Id(0)] long Lender, [property: Id(1)] int Events);
