using Mle.Features;
using static Mle.Tests.Unit.Features.FeatureSets;

namespace Mle.Tests.Unit.Features;

public sealed class FeatureEntityTests
{
    private static readonly TimeSpan NoMargin = TimeSpan.Zero;

    [Fact]
    public void The_seeds_example_holds_exactly_avg_over_the_last_10_minutes_of_one_event_per_second_is_the_avg_of_the_last_600_events()
    {
        var definition = Define(Card());
        var entity = new FeatureEntity(new FeatureEntityState());
        var random = new Random(8);
        var amounts = new List<double>();
        for (var second = 0; second < 1500; second++)
        {
            var amount = random.Next(0, 10_000) / 4.0;
            amounts.Add(amount);
            entity.Apply(definition, [Event($"e{second}", Epoch.AddSeconds(second), amount)], NoMargin);
        }
        var lastEventTime = Epoch.AddSeconds(1499);

        var row = entity.Read(definition, "c1", ["amount_avg_10m"], lastEventTime);

        var last600 = amounts.Skip(amounts.Count - 600).ToList();
        Assert.Equal(FeatureStatus.Present, row.Statuses[0]);
        Assert.Equal(last600.Sum() / 600, row.Values[0].Number);
        Assert.Equal(lastEventTime, row.EventTimes[0]);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    public void Every_aggregate_matches_a_brute_force_reference_on_a_random_stream_with_out_of_order_duplicate_and_late_events(int seed)
    {
        var definition = Define(Everything(lateness: TimeSpan.FromSeconds(20), retention: TimeSpan.FromHours(1), maxAge: TimeSpan.FromMinutes(5)));
        var entity = new FeatureEntity(new FeatureEntityState());
        var reference = new ReferenceEntity(definition);
        var random = new Random(seed);
        var sent = new List<FeatureEvent>();
        var clock = Epoch;
        var totals = PushResult.None;
        for (var batch = 0; batch < 60; batch++)
        {
            var events = new List<FeatureEvent>();
            for (var i = random.Next(1, 12); i > 0; i--)
            {
                clock = clock.AddMilliseconds(random.Next(0, 4000));
                var roll = random.NextDouble();
                if (roll < 0.15 && sent.Count > 0)
                {
                    events.Add(sent[random.Next(sent.Count)]); // a redelivery
                    continue;
                }
                // Out of order: up to 40 s behind the clock, so some are within the 20 s lateness and some are not.
                var time = roll < 0.4 ? clock.AddMilliseconds(-random.Next(0, 40_000)) : clock;
                var amount = roll < 0.45 ? (double?)null : Math.Round(random.NextDouble() * 200 - 50, 2);
                var merchant = random.NextDouble() < 0.8 ? $"m{random.Next(0, 6)}" : null;
                var e = Event($"e{sent.Count}", time, amount, merchant);
                if (roll > 0.97)
                {
                    e = e with { Values = new Dictionary<string, FeatureValue>(e.Values) { ["amount"] = FeatureValue.Null } };
                }
                sent.Add(e);
                events.Add(e);
            }
            totals = totals.Add(entity.Apply(definition, events, NoMargin));
            foreach (var e in events)
            {
                reference.Apply(e);
            }

            foreach (var at in new[] { clock, clock.AddMilliseconds(-random.Next(0, 120_000)), clock.AddMinutes(random.Next(0, 8)), Epoch.AddSeconds(-1) })
            {
                AssertSame(definition, entity, reference, at);
            }
        }
        // A redelivery counts as a duplicate, or as late once its id was forgotten (the entity forgets per batch, the
        // reference per event): the split may differ, what is applied may not.
        Assert.Equal(reference.Applied, totals.Applied);
        Assert.Equal(reference.Duplicates + reference.Late, totals.Duplicates + totals.Late);
        Assert.True(reference.Late > 0 && reference.Duplicates > 0, "The stream must exercise late and duplicate events.");
    }

    [Fact]
    public void A_late_event_within_the_allowed_lateness_lands_in_its_window_and_an_older_one_is_dropped_and_counted()
    {
        var definition = Define(Card(lateness: TimeSpan.FromSeconds(30)));
        var entity = new FeatureEntity(new FeatureEntityState());
        entity.Apply(definition, [Event("now", Epoch.AddMinutes(5), 10)], NoMargin);

        var result = entity.Apply(definition, [Event("within", Epoch.AddMinutes(5).AddSeconds(-30), 20), Event("too-old", Epoch.AddMinutes(5).AddSeconds(-31), 1000)], NoMargin);

        Assert.Equal(new PushResult(2, 1, 0, 1), result);
        Assert.Equal(1, entity.State.Late);
        var row = entity.Read(definition, "c1", ["amount_avg_10m", "amount"], Epoch.AddMinutes(5));
        Assert.Equal(15, row.Values[0].Number);
        Assert.Equal(10, row.Values[1].Number);
        var before = entity.Read(definition, "c1", ["amount_avg_10m"], Epoch.AddMinutes(5).AddSeconds(-1));
        Assert.Equal(20, before.Values[0].Number);
    }

    [Fact]
    public void A_redelivered_event_id_changes_nothing()
    {
        var definition = Define(Card());
        var entity = new FeatureEntity(new FeatureEntityState());
        entity.Apply(definition, [Event("e1", Epoch, 10)], NoMargin);

        var result = entity.Apply(definition, [Event("e1", Epoch, 10), Event("e1", Epoch.AddSeconds(1), 99)], NoMargin);

        Assert.Equal(new PushResult(2, 0, 2, 0), result);
        var row = entity.Read(definition, "c1", ["amount", "amount_avg_10m"], Epoch.AddSeconds(2));
        Assert.Equal(10, row.Values[0].Number);
        Assert.Equal(10, row.Values[1].Number);
    }

    [Fact]
    public void Window_bounds_are_half_open_an_event_exactly_a_window_old_is_out_and_one_at_the_evaluation_time_is_in()
    {
        var definition = Define(Card());
        var entity = new FeatureEntity(new FeatureEntityState());
        entity.Apply(definition, [Event("old", Epoch, 100), Event("new", Epoch.AddMinutes(10), 2)], NoMargin);

        var row = entity.Read(definition, "c1", ["amount_avg_10m"], Epoch.AddMinutes(10));
        var justBefore = entity.Read(definition, "c1", ["amount_avg_10m"], Epoch.AddMinutes(10).AddTicks(-1));

        Assert.Equal(2, row.Values[0].Number);
        Assert.Equal(100, justBefore.Values[0].Number);
    }

    [Fact]
    public void Statuses_say_not_found_null_and_outside_max_age()
    {
        var definition = Define(Card(maxAge: TimeSpan.FromMinutes(1)));
        var entity = new FeatureEntity(new FeatureEntityState());
        entity.Apply(definition, [new FeatureEvent("e1", "c1", Epoch, new Dictionary<string, FeatureValue> { ["amount"] = FeatureValue.Null })], NoMargin);

        var fresh = entity.Read(definition, "c1", ["amount", "merchant", "amount_avg_10m"], Epoch.AddSeconds(30));
        var stale = entity.Read(definition, "c1", ["amount"], Epoch.AddMinutes(1));
        var before = entity.Read(definition, "c1", ["amount"], Epoch.AddTicks(-1));

        Assert.Equal([FeatureStatus.Null, FeatureStatus.NotFound, FeatureStatus.Null], fresh.Statuses);
        Assert.Equal(Epoch, fresh.EventTimes[0]);
        Assert.Equal(FeatureStatus.OutsideMaxAge, stale.Statuses[0]);
        Assert.Equal(Epoch, stale.EventTimes[0]);
        Assert.Equal(FeatureStatus.NotFound, before.Statuses[0]);
    }

    [Fact]
    public void Memory_stays_bounded_however_many_events_arrive()
    {
        var definition = Define(Everything(lateness: TimeSpan.FromSeconds(10), retention: TimeSpan.FromMinutes(5)));
        var entity = new FeatureEntity(new FeatureEntityState());
        for (var i = 0; i < 20_000; i++)
        {
            entity.Apply(definition, [Event($"e{i}", Epoch.AddMilliseconds(250L * i), i % 17, $"m{i % 5}")], NoMargin);
        }

        // 4 events a second: ids within the 10 s lateness, history within the 5 min retention, tiles within retention + window.
        Assert.InRange(entity.State.Seen.Count, 40, 41);
        Assert.InRange(entity.State.Raw["amount"].Count, 1200, 1202);
        foreach (var series in definition.AllSeries)
        {
            var bound = (definition.Retention.Ticks + series.MaxWindowTicks) / series.HopTicks + 1;
            Assert.InRange(entity.State.Series[series.Key].Count, 1, bound);
        }
    }

    [Fact]
    public void Ids_are_forgotten_exactly_at_the_lateness_horizon_also_out_of_order_and_after_a_reload()
    {
        var definition = Define(Card(lateness: TimeSpan.FromSeconds(10)));
        var state = new FeatureEntityState();
        var entity = new FeatureEntity(state);
        entity.Apply(definition, [Event("a", Epoch.AddSeconds(5), 1), Event("b", Epoch.AddSeconds(1), 1), Event("c", Epoch.AddSeconds(3), 1)], NoMargin);
        Assert.Equal(["a", "b", "c"], state.Seen.Keys.Order());

        // As after a load from storage: the time index is not stored.
        state.SeenByTime = null;
        entity.Apply(definition, [Event("d", Epoch.AddSeconds(12), 1)], NoMargin);
        Assert.Equal(["a", "c", "d"], state.Seen.Keys.Order());

        entity.Apply(definition, [Event("e", Epoch.AddSeconds(14), 1), Event("f", Epoch.AddSeconds(4), 1)], NoMargin);
        Assert.Equal(["a", "d", "e", "f"], state.Seen.Keys.Order());

        var result = entity.Apply(definition, [Event("a", Epoch.AddSeconds(5), 1), Event("c", Epoch.AddSeconds(3), 1)], NoMargin);
        Assert.Equal(new PushResult(2, 0, 1, 1), result);
    }

    [Fact]
    public void An_as_of_read_sees_no_event_later_than_its_time()
    {
        var definition = Define(Card());
        var entity = new FeatureEntity(new FeatureEntityState());
        entity.Apply(definition, [Event("e1", Epoch.AddSeconds(10), 1), Event("e2", Epoch.AddSeconds(20), 3)], NoMargin);

        var asOf = entity.Read(definition, "c1", ["amount", "amount_avg_10m"], Epoch.AddSeconds(15));

        Assert.Equal(1, asOf.Values[0].Number);
        Assert.Equal(1, asOf.Values[1].Number);
        Assert.Equal(Epoch.AddSeconds(10), asOf.EventTimes[1]);
    }

    private static void AssertSame(FeatureSetDefinition definition, FeatureEntity entity, ReferenceEntity reference, DateTimeOffset at)
    {
        var names = definition.Raw.Keys.Concat(definition.Aggregates.Keys).ToList();
        var row = entity.Read(definition, "c1", names, at);
        for (var i = 0; i < names.Count; i++)
        {
            var (value, status, time) = reference.Read(names[i], at);
            var where = $"{names[i]} at {at:O}";
            Assert.True(status == row.Statuses[i], $"{where}: status {row.Statuses[i]}, expected {status}");
            Assert.True(time == row.EventTimes[i], $"{where}: event time {row.EventTimes[i]:O}, expected {time:O}");
            Assert.True(Close(value, row.Values[i]), $"{where}: {row.Values[i]}, expected {value}");
        }
    }

    private static bool Close(FeatureValue expected, FeatureValue actual) => (expected.Kind, actual.Kind) switch
    {
        (FeatureValueKind.Float, FeatureValueKind.Float) => Math.Abs(expected.Number - actual.Number) <= 1e-9 * Math.Max(1, Math.Abs(expected.Number)),
        (FeatureValueKind.List, FeatureValueKind.List) => expected.Items!.Count == actual.Items!.Count && expected.Items.Zip(actual.Items).All(p => Close(p.First, p.Second)),
        _ => expected.Kind == actual.Kind && expected.ToString() == actual.ToString(),
    };
}
