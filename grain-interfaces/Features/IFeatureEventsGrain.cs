namespace Mle.Features;

/// <summary>
/// The consumer of one stream of the <c>events</c> namespace (key: the stream id, <c>{tenant}/{featureset}</c>),
/// activated by an implicit subscription. Nothing calls it directly.
/// </summary>
public interface IFeatureEventsGrain : IGrainWithStringKey
{
}
