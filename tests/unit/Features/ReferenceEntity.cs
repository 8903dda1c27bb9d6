using Mle.Features;

namespace Mle.Tests.Unit.Features;

/// <summary>
/// The brute-force reference the entity is checked against: it keeps every applied event and computes each value
/// from scratch, by the rules as documented (watermark, allowed lateness, dedup within the lateness horizon,
/// windows <c>(T − window, T]</c> with <c>T</c> the evaluation time rounded down to a hop).
/// </summary>
internal sealed class ReferenceEntity(FeatureSetDefinition definition)
{
    private readonly List<(FeatureEvent Event, long Sequence)> _applied = [];
    private readonly Dictionary<string, long> _ids = [];
    private long _watermark;
    private long _sequence;

    public int Applied { get; private set; }
    public int Duplicates { get; private set; }
    public int Late { get; private set; }

    public void Apply(FeatureEvent e)
    {
        var ticks = e.Time.UtcTicks;
        var horizon = _watermark - definition.AllowedLateness.Ticks;
        // An id is remembered while its time is within the lateness horizon; a forgotten one's redelivery is late.
        if (_ids.TryGetValue(e.Id, out var seen) && seen >= horizon)
        {
            Duplicates++;
            return;
        }
        if (_watermark != 0 && ticks < horizon)
        {
            Late++;
            return;
        }
        _ids[e.Id] = ticks;
        _applied.Add((e, ++_sequence));
        _watermark = Math.Max(_watermark, ticks);
        Applied++;
    }

    public (FeatureValue Value, FeatureStatus Status, DateTimeOffset? Time) Read(string feature, DateTimeOffset at)
    {
        var t = at.UtcTicks;
        var source = definition.Raw.ContainsKey(feature) ? feature : definition.Aggregates[feature].Feature;
        var setting = _applied
            .Where(a => a.Event.Values.ContainsKey(source) && a.Event.Time.UtcTicks <= t)
            .OrderBy(a => a.Event.Time.UtcTicks).ThenBy(a => a.Sequence).ToList();
        if (setting.Count == 0)
        {
            return (FeatureValue.Null, FeatureStatus.NotFound, null);
        }
        var latest = setting[^1];
        if (definition.MaxAgeOf(feature) is { } maxAge && latest.Event.Time.UtcTicks <= t - maxAge.Ticks)
        {
            return (FeatureValue.Null, FeatureStatus.OutsideMaxAge, latest.Event.Time);
        }
        if (definition.Raw.ContainsKey(feature))
        {
            var value = latest.Event.Values[feature];
            return (value, value.IsNull ? FeatureStatus.Null : FeatureStatus.Present, latest.Event.Time);
        }
        var aggregate = definition.Aggregates[feature];
        var end = t / aggregate.Hop.Ticks * aggregate.Hop.Ticks;
        var inWindow = setting
            .Where(a => a.Event.Time.UtcTicks > end - aggregate.Window.Ticks && a.Event.Time.UtcTicks <= end && !a.Event.Values[source].IsNull)
            .ToList();
        var values = inWindow.Select(a => a.Event.Values[source]).ToList();
        var numbers = values.Select(v => v.AsDouble).ToList();
        var result = aggregate.Function switch
        {
            AggregateFunction.Count => FeatureValue.Int(values.Count),
            AggregateFunction.Sum => FeatureValue.Float(numbers.Sum()),
            AggregateFunction.Avg => numbers.Count == 0 ? FeatureValue.Null : FeatureValue.Float(numbers.Sum() / numbers.Count),
            AggregateFunction.Min => numbers.Count == 0 ? FeatureValue.Null : FeatureValue.Float(numbers.Min()),
            AggregateFunction.Max => numbers.Count == 0 ? FeatureValue.Null : FeatureValue.Float(numbers.Max()),
            AggregateFunction.StdDev => numbers.Count == 0 ? FeatureValue.Null
                : FeatureValue.Float(Math.Sqrt(numbers.Select(x => (x - numbers.Average()) * (x - numbers.Average())).Sum() / numbers.Count)),
            AggregateFunction.DistinctCount => FeatureValue.Int(values.Select(v => v.ToString()).Distinct().Count()),
            AggregateFunction.LastN => FeatureValue.List(inWindow
                .OrderByDescending(a => a.Event.Time.UtcTicks).ThenByDescending(a => a.Sequence)
                .Take(aggregate.N!.Value).Select(a => a.Event.Values[source]).ToList()),
            _ => throw new InvalidOperationException(),
        };
        DateTimeOffset? newest = inWindow.Count == 0 ? null : inWindow.Max(a => a.Event.Time);
        return (result, result.IsNull ? FeatureStatus.Null : FeatureStatus.Present, newest);
    }
}
