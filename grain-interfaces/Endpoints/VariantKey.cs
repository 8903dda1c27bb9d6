namespace Mle.Endpoints;

/// <summary>
/// What a set of numbers is about: a variant of a split (<see cref="Kind"/> <c>split</c>, <see cref="Name"/> its
/// name), an arm of a canary (<c>canary</c>, <c>stable</c> or <c>candidate</c>), a shadow's primary or candidate
/// (<c>shadow</c>, <c>primary</c> or <c>candidates[i]</c>), or a model node (<c>model</c>, <c>t@1</c>), at
/// <see cref="Node"/>, the path of the node in the spec.
/// </summary>
[GenerateSerializer, Immutable]
public sealed record VariantKey([property: Id(0)] string Node, [property: Id(1)] string Kind, [property: Id(2)] string Name);
