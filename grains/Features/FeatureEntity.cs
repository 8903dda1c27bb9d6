namespace Mle.Features;

/// <summary>
/// One entity's features over its <see cref="FeatureEntityState"/>: applies events and answers reads, now or as of
/// a past time, with no Orleans in sight (the grain persists the state and calls this).
/// <para>
/// Event time, never arrival time, places an event. The entity's watermark is its newest applied event time. An
/// event older than <c>watermark − allowedLateness</c> is dropped and counted as late; anything newer lands in its
/// own tile, out of order or not. A redelivered event id is a duplicate and changes nothing.
/// </para>
/// <para>
/// Bounds. Event ids are remembered while their event time is within the lateness horizon
/// (<c>≥ watermark − allowedLateness</c>); an older id can be forgotten because a redelivery of it is late anyway,
/// dropped either way: the dedup memory holds at most the entity's events of one allowed-lateness span. Raw
/// history keeps values back to the retention horizon (<c>watermark − retention − margin</c>) plus the newest
/// older one; a series keeps tiles back to its longest window before that horizon: at most
/// <c>(retention + margin + window) / hop</c> tiles, whatever the number of events.
/// </para>
/// </summary>
public sealed class FeatureEntity(FeatureEntityState state)
{
    public FeatureEntityState State { get; } = state;

    /// <summary>Whether no event was ever applied.</summary>
    public bool IsEmpty => State.Watermark == 0;

    /// <summary>
    /// Applies validated events in order. <paramref name="historyMargin"/> extends the retention horizon (by how
    /// far event times may run ahead of the clock), so <c>asOf</c> reads within retention of the clock always find
    /// their history.
    /// </summary>
    public PushResult Apply(FeatureSetDefinition definition, IReadOnlyList<FeatureEvent> events, TimeSpan historyMargin)
    {
        var lateness = definition.AllowedLateness.Ticks;
        int applied = 0, duplicates = 0, late = 0;
        foreach (var e in events)
        {
            var ticks = e.Time.UtcTicks;
            if (State.Seen.ContainsKey(e.Id))
            {
                duplicates++;
                continue;
            }
            if (State.Watermark != 0 && ticks < State.Watermark - lateness)
            {
                late++;
                continue;
            }
            var sequence = ++State.Sequence;
            // Values as the dictionary they almost always are: its enumerator is a struct, the interface's is not.
            if (e.Values is Dictionary<string, FeatureValue> values)
            {
                foreach (var (name, value) in values)
                {
                    ApplyValue(definition, name, new TimedValue(ticks, sequence, value));
                }
            }
            else
            {
                foreach (var (name, value) in e.Values)
                {
                    ApplyValue(definition, name, new TimedValue(ticks, sequence, value));
                }
            }
            State.Seen[e.Id] = ticks;
            State.SeenByTime?.Enqueue(e.Id, ticks);
            State.Watermark = Math.Max(State.Watermark, ticks);
            applied++;
        }
        State.Applied += applied;
        State.Duplicates += duplicates;
        State.Late += late;
        if (applied > 0)
        {
            Prune(definition, historyMargin);
        }
        return new PushResult(events.Count, applied, duplicates, late);
    }

    private void ApplyValue(FeatureSetDefinition definition, string name, TimedValue point)
    {
        if (!definition.Raw.ContainsKey(name))
        {
            return;
        }
        InsertByTime(History(name), point);
        if (!point.Value.IsNull)
        {
            var series = definition.SeriesOf(name);
            for (var i = 0; i < series.Count; i++)
            {
                Add(series[i], point);
            }
        }
    }

    /// <summary>
    /// The features as they were at <paramref name="at"/>: only events with an event time at or before it count, and
    /// every window ends at it (see <see cref="Window"/>). A point-in-time read: a training-set builder calls it per row.
    /// </summary>
    public FeatureRow Read(FeatureSetDefinition definition, string entity, IReadOnlyList<string> features, DateTimeOffset at)
    {
        var t = at.UtcTicks;
        var values = new FeatureValue[features.Count];
        var statuses = new FeatureStatus[features.Count];
        var times = new DateTimeOffset?[features.Count];
        for (var i = 0; i < features.Count; i++)
        {
            (values[i], statuses[i], times[i]) = ReadOne(definition, features[i], t);
        }
        return new FeatureRow(entity, values, statuses, times);
    }

    private (FeatureValue, FeatureStatus, DateTimeOffset?) ReadOne(FeatureSetDefinition definition, string feature, long t)
    {
        var raw = definition.Raw.TryGetValue(feature, out _);
        var aggregate = raw ? null : definition.Aggregates[feature];
        var source = raw ? feature : aggregate!.Feature;
        if (!State.Raw.TryGetValue(source, out var history) || LatestAtOrBefore(history, t) is not { } latest)
        {
            return (FeatureValue.Null, FeatureStatus.NotFound, null);
        }
        if (definition.MaxAgeOf(feature) is { } maxAge && latest.Ticks <= t - maxAge.Ticks)
        {
            return (FeatureValue.Null, FeatureStatus.OutsideMaxAge, Time(latest.Ticks));
        }
        if (raw)
        {
            return (latest.Value, latest.Value.IsNull ? FeatureStatus.Null : FeatureStatus.Present, Time(latest.Ticks));
        }
        var (value, newest) = Evaluate(definition.SeriesOfAggregate(feature), aggregate!, t);
        return (value, value.IsNull ? FeatureStatus.Null : FeatureStatus.Present, newest == 0 ? null : Time(newest));
    }

    private (FeatureValue Value, long Newest) Evaluate(TileSeries series, AggregateFeature aggregate, long t)
    {
        var tiles = State.Series.TryGetValue(series.Key, out var list) ? list : [];
        var (first, last) = Window.Tiles(t, aggregate.Window.Ticks, series.HopTicks);
        var start = LowerBound(tiles, first);
        long count = 0, newest = 0;
        double sum = 0, mean = 0, m2 = 0, min = double.PositiveInfinity, max = double.NegativeInfinity;
        HashSet<long>? distinct = aggregate.Function == AggregateFunction.DistinctCount ? [] : null;
        for (var i = start; i < tiles.Count && tiles[i].Index <= last; i++)
        {
            var tile = tiles[i];
            newest = Math.Max(newest, tile.Newest);
            if (distinct is not null)
            {
                distinct.UnionWith(tile.Distinct ?? []);
                continue;
            }
            // Chan et al.'s pairwise update: merging tiles' (count, mean, M2) keeps the variance accurate.
            var merged = count + tile.Count;
            if (merged > 0)
            {
                var delta = tile.Mean - mean;
                mean += delta * tile.Count / merged;
                m2 += tile.M2 + delta * delta * count * tile.Count / merged;
            }
            count = merged;
            sum += tile.Sum;
            min = Math.Min(min, tile.Min);
            max = Math.Max(max, tile.Max);
        }
        var value = aggregate.Function switch
        {
            AggregateFunction.Count => FeatureValue.Int(count),
            AggregateFunction.Sum => FeatureValue.Float(sum),
            // Sum / count, not the running mean: with whole-number values it is exact, the seed's example included.
            AggregateFunction.Avg => count == 0 ? FeatureValue.Null : FeatureValue.Float(sum / count),
            AggregateFunction.Min => count == 0 ? FeatureValue.Null : FeatureValue.Float(min),
            AggregateFunction.Max => count == 0 ? FeatureValue.Null : FeatureValue.Float(max),
            AggregateFunction.StdDev => count == 0 ? FeatureValue.Null : FeatureValue.Float(Math.Sqrt(Math.Max(0, m2 / count))),
            AggregateFunction.DistinctCount => FeatureValue.Int(distinct!.Count),
            AggregateFunction.LastN => FeatureValue.List(LastValues(tiles, start, last, aggregate.N ?? 1)),
            _ => FeatureValue.Null,
        };
        return (value, newest);
    }

    private static List<FeatureValue> LastValues(List<Tile> tiles, int start, long last, int n)
    {
        var end = start;
        while (end < tiles.Count && tiles[end].Index <= last)
        {
            end++;
        }
        var values = new List<FeatureValue>(n);
        // Tiles cover disjoint times, so newest tile first, newest value first within each, is newest first overall.
        for (var i = end - 1; i >= start && values.Count < n; i--)
        {
            foreach (var point in tiles[i].Last ?? [])
            {
                if (values.Count == n)
                {
                    break;
                }
                values.Add(point.Value);
            }
        }
        return values;
    }

    private void Add(TileSeries series, TimedValue point)
    {
        if (!State.Series.TryGetValue(series.Key, out var tiles))
        {
            State.Series[series.Key] = tiles = [];
        }
        var index = Window.TileOf(point.Ticks, series.HopTicks);
        var at = LowerBound(tiles, index);
        if (at == tiles.Count || tiles[at].Index != index)
        {
            tiles.Insert(at, new Tile { Index = index });
        }
        var tile = tiles[at];
        tile.Newest = Math.Max(tile.Newest, point.Ticks);
        switch (series.Kind)
        {
            case SeriesKind.Distinct:
                (tile.Distinct ??= []).Add(ValueHash.Of(point.Value));
                break;
            case SeriesKind.Last:
                var last = tile.Last ??= [];
                var position = last.BinarySearch(point, Comparer<TimedValue>.Create(TimedValue.NewestFirst));
                last.Insert(position < 0 ? ~position : position, point);
                if (last.Count > series.LastN)
                {
                    last.RemoveRange(series.LastN, last.Count - series.LastN);
                }
                break;
            default:
                tile.Count++;
                if (point.Value.IsNumber)
                {
                    var x = point.Value.AsDouble;
                    tile.Sum += x;
                    var delta = x - tile.Mean;
                    tile.Mean += delta / tile.Count;
                    tile.M2 += delta * (x - tile.Mean);
                    tile.Min = Math.Min(tile.Min, x);
                    tile.Max = Math.Max(tile.Max, x);
                }
                break;
        }
    }

    private void Prune(FeatureSetDefinition definition, TimeSpan historyMargin)
    {
        var lateHorizon = State.Watermark - definition.AllowedLateness.Ticks;
        // Oldest first from a heap: a scan of every remembered id on every push made each push cost as much as the
        // entity's events of the last allowed-lateness span.
        var byTime = State.SeenByTime ??= new PriorityQueue<string, long>(State.Seen.Select(seen => (seen.Key, seen.Value)));
        while (byTime.TryPeek(out var id, out var ticks) && ticks < lateHorizon)
        {
            byTime.Dequeue();
            State.Seen.Remove(id);
        }

        var horizon = State.Watermark - definition.Retention.Ticks - historyMargin.Ticks;
        foreach (var history in State.Raw.Values)
        {
            // Keep the newest value older than the horizon: it is still the value at the horizon.
            var keepFrom = FirstAtOrAfter(history, horizon) - 1;
            if (keepFrom > 0)
            {
                history.RemoveRange(0, keepFrom);
            }
        }
        var all = definition.AllSeries;
        for (var s = 0; s < all.Count; s++)
        {
            var series = all[s];
            if (State.Series.TryGetValue(series.Key, out var tiles))
            {
                // A tile ending at or before (horizon − window) is in no window evaluated at or after the horizon.
                var stale = 0;
                while (stale < tiles.Count && (tiles[stale].Index + 1) * series.HopTicks <= horizon - series.MaxWindowTicks)
                {
                    stale++;
                }
                tiles.RemoveRange(0, stale);
            }
        }
    }

    private List<TimedValue> History(string feature)
    {
        if (!State.Raw.TryGetValue(feature, out var history))
        {
            State.Raw[feature] = history = [];
        }
        return history;
    }

    /// <summary>Inserts after every value of the same or an earlier time (events mostly arrive in order: an append).</summary>
    private static void InsertByTime(List<TimedValue> history, TimedValue point)
    {
        var at = history.Count;
        while (at > 0 && history[at - 1].Ticks > point.Ticks)
        {
            at--;
        }
        history.Insert(at, point);
    }

    private static TimedValue? LatestAtOrBefore(List<TimedValue> history, long t)
    {
        var after = FirstAfter(history, t);
        return after == 0 ? null : history[after - 1];
    }

    private static int FirstAfter(List<TimedValue> history, long t)
    {
        int lo = 0, hi = history.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (history[mid].Ticks <= t)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static int FirstAtOrAfter(List<TimedValue> history, long t) => FirstAfter(history, t - 1);

    private static int LowerBound(List<Tile> tiles, long index)
    {
        int lo = 0, hi = tiles.Count;
        while (lo < hi)
        {
            var mid = (lo + hi) >>> 1;
            if (tiles[mid].Index < index)
            {
                lo = mid + 1;
            }
            else
            {
                hi = mid;
            }
        }
        return lo;
    }

    private static DateTimeOffset Time(long ticks) => new(ticks, TimeSpan.Zero);
}
