using Mle.Errors;
using Mle.Naming;

namespace Mle.Features.TrainingSets;

/// <summary>
/// One feature of a training set, written <c>set:feature</c> as Feast writes <c>feature_view:feature</c>. Its column is
/// <c>set__feature</c> (the set's name keeps features of two sets apart), its status column <c>set__feature__status</c>.
/// </summary>
public sealed record TrainingFeature(string Set, string Feature)
{
    public string Column => $"{Set}__{Feature}";

    public string StatusColumn => $"{Column}__status";

    public override string ToString() => $"{Set}:{Feature}";

    /// <summary>Parses <c>set:feature</c>; anything else is <c>invalid_training_set</c> at <paramref name="target"/>.</summary>
    public static TrainingFeature Parse(string? text, string target)
    {
        var colon = text?.IndexOf(':', StringComparison.Ordinal) ?? -1;
        if (text is null || colon <= 0 || colon == text.Length - 1 || text.IndexOf(':', colon + 1) >= 0)
        {
            throw MleErrors.InvalidTrainingSet(
                $"{target} is '{Shown(text)}'; a training-set feature is written set:feature, e.g. card:amount_avg_10m.", target);
        }
        var set = text[..colon];
        if (!Names.IsValid(set))
        {
            throw MleErrors.InvalidTrainingSet($"{target} names the feature set '{Shown(set)}', which is not a valid name.", target);
        }
        return new TrainingFeature(set, text[(colon + 1)..]);
    }

    private static string Shown(string? text) =>
        text is null ? "null" : new string([.. text.Take(64).Select(c => char.IsControl(c) ? '?' : c)]);
}
