namespace Mle.Features;

/// <summary>What a <see cref="FeatureValue"/> holds.</summary>
public enum FeatureValueKind
{
    Null = 0,
    Float = 1,
    Int = 2,
    Bool = 3,
    String = 4,

    /// <summary>A list of values (the result of <see cref="AggregateFunction.LastN"/>).</summary>
    List = 5,
}
