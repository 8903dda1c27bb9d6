namespace Mle.Features;

/// <summary>
/// The type of a raw feature's values. On the wire (REST, stream events) the lower-case names <c>float</c>,
/// <c>int</c>, <c>bool</c> and <c>string</c>. An <see cref="Int"/> is a 64-bit integer; a <see cref="Float"/>
/// a double (an int value is accepted for it).
/// </summary>
public enum FeatureType
{
    Float = 0,
    Int = 1,
    Bool = 2,
    String = 3,
}
