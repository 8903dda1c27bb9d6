using Mle.Features;
using static Mle.Tests.Unit.Features.FeatureSets;

namespace Mle.Tests.Unit.Features;

public sealed class ActiveEntityTests
{
    private static readonly TimeSpan NoMargin = TimeSpan.Zero;
    private static readonly IReadOnlyList<string> Amounts = ["amount", "amount_avg_10m"];

    [Fact]
    public void A_read_in_place_answers_what_the_entity_itself_answers()
    {
        var definition = Define(Card());
        var state = new FeatureEntityState();
        var active = new ActiveEntity("c1", state);
        active.Apply(definition, [Event("e1", Epoch, 10), Event("e2", Epoch.AddSeconds(1), 20)], NoMargin, acknowledged: true);

        Assert.True(active.TryRead(definition, Amounts, Epoch.AddSeconds(5), out var row));

        var expected = new FeatureEntity(state).Read(definition, "c1", Amounts, Epoch.AddSeconds(5));
        Assert.Equal("c1", row.Entity);
        Assert.Equal(expected.Values, row.Values);
        Assert.Equal(expected.Statuses, row.Statuses);
        Assert.Equal(expected.EventTimes, row.EventTimes);
        Assert.Equal(20, row.Values[0].Number);
    }

    [Fact]
    public void A_change_not_yet_acknowledged_is_not_read_in_place_until_it_is()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);

        active.Apply(definition, [Event("e2", Epoch.AddSeconds(1), 20)], NoMargin, acknowledged: false);

        Assert.False(active.TryRead(definition, Amounts, Epoch.AddSeconds(5), out _));
        active.Acknowledge();
        Assert.True(active.TryRead(definition, Amounts, Epoch.AddSeconds(5), out var row));
        Assert.Equal(20, row.Values[0].Number);
    }

    [Fact]
    public void A_push_that_applies_nothing_leaves_the_entity_readable()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);

        var result = active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: false);

        Assert.Equal(0, result.Applied);
        Assert.True(active.TryRead(definition, Amounts, Epoch.AddSeconds(5), out _));
    }

    [Fact]
    public void A_retired_entity_is_never_read_in_place_again()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: false);

        active.Retire();
        active.Acknowledge();

        Assert.False(active.TryRead(definition, Amounts, Epoch.AddSeconds(5), out _));
    }

    [Fact]
    public void An_entity_changed_under_a_newer_definition_declines_a_read_with_an_older_one()
    {
        var older = Define(Card(), version: 1);
        var newer = Define(Card(), version: 2);
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(newer, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);

        Assert.False(active.TryRead(older, Amounts, Epoch.AddSeconds(5), out _));
        Assert.True(active.TryRead(newer, Amounts, Epoch.AddSeconds(5), out _));
    }

    [Fact]
    public void An_entity_without_events_declines_so_that_its_grain_answers_not_found()
    {
        var active = new ActiveEntity("c1", new FeatureEntityState());

        Assert.False(active.TryRead(Define(Card()), Amounts, Epoch, out _));
    }

    [Fact]
    public void The_registry_finds_a_listed_entity_by_set_and_id_and_forgets_only_the_activation_it_is_told_to()
    {
        var registry = new ActiveEntities();
        var set = new FeatureSetRef("t", "card");
        var first = new ActiveEntity("c1", new FeatureEntityState());
        var second = new ActiveEntity("c1", new FeatureEntityState());

        registry.Add(set, first);
        Assert.Same(first, registry.Find(set, "c1"));
        Assert.Null(registry.Find(set, "c2"));
        Assert.Null(registry.Find(new FeatureSetRef("t", "other"), "c1"));
        Assert.Null(registry.Find(new FeatureSetRef("u", "card"), "c1"));

        registry.Add(set, second);
        registry.Remove(set, first);
        Assert.Same(second, registry.Find(set, "c1"));

        registry.Remove(set, second);
        Assert.Null(registry.Find(set, "c1"));
        Assert.Equal(0, registry.Count(set));
    }

    [Fact]
    public void A_write_in_place_applies_exactly_what_the_entity_itself_applies_and_is_left_for_the_flush()
    {
        var definition = Define(Card());
        var reference = new FeatureEntity(new FeatureEntityState());
        var state = new FeatureEntityState();
        var active = new ActiveEntity("c1", state);
        FeatureEvent[] first = [Event("e1", Epoch, 10)];
        FeatureEvent[] second = [Event("e2", Epoch.AddSeconds(1), 20), Event("e1", Epoch, 10), Event("e0", Epoch.AddMinutes(-30), 5)];
        reference.Apply(definition, first, NoMargin);
        active.Apply(definition, first, NoMargin, acknowledged: true);
        Assert.True(active.BeginWrite());
        active.EndWrite(written: true);
        Assert.False(active.BeginWrite());

        Assert.True(active.TryApply(definition, second, NoMargin, out var result));

        Assert.Equal(reference.Apply(definition, second, NoMargin), result);
        Assert.Equal((3, 1, 1, 1), (result.Events, result.Applied, result.Duplicates, result.Late));
        Assert.Equal(
            reference.Read(definition, "c1", Amounts, Epoch.AddSeconds(5)).Values,
            new FeatureEntity(state).Read(definition, "c1", Amounts, Epoch.AddSeconds(5)).Values);
        Assert.True(active.BeginWrite());
    }

    [Fact]
    public void While_the_grain_writes_its_state_writes_in_place_decline_and_reads_go_on()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);

        Assert.True(active.BeginWrite());

        Assert.False(active.TryApply(definition, [Event("e2", Epoch.AddSeconds(1), 20)], NoMargin, out _));
        Assert.True(active.TryRead(definition, Amounts, Epoch.AddSeconds(5), out var row));
        Assert.Equal(10, row.Values[0].Number);
        active.EndWrite(written: true);
        Assert.True(active.TryApply(definition, [Event("e2", Epoch.AddSeconds(1), 20)], NoMargin, out _));
    }

    [Fact]
    public void A_write_that_failed_is_tried_again_by_the_next_flush()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);
        Assert.True(active.BeginWrite());

        active.EndWrite(written: false);

        Assert.True(active.BeginWrite());
        active.EndWrite(written: true);
        Assert.False(active.BeginWrite());
    }

    [Fact]
    public void A_write_through_change_is_never_left_for_a_flush()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());

        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: false);
        active.Acknowledge();

        Assert.False(active.BeginWrite());
    }

    [Fact]
    public void A_retired_or_unacknowledged_or_newer_entity_declines_a_write_in_place()
    {
        var definition = Define(Card(), version: 1);
        var retired = new ActiveEntity("c1", new FeatureEntityState());
        retired.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);
        retired.Retire();
        var unacknowledged = new ActiveEntity("c2", new FeatureEntityState());
        unacknowledged.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: false);
        var newer = new ActiveEntity("c3", new FeatureEntityState());
        newer.Apply(Define(Card(), version: 2), [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);

        FeatureEvent[] more = [Event("e2", Epoch.AddSeconds(1), 20)];
        Assert.False(retired.TryApply(definition, more, NoMargin, out _));
        Assert.False(unacknowledged.TryApply(definition, more, NoMargin, out _));
        Assert.False(newer.TryApply(definition, more, NoMargin, out _));
        Assert.False(new ActiveEntity("c4", new FeatureEntityState()).TryApply(definition, more, NoMargin, out _));
        // What the retired entity had unwritten is still written when its grain deactivates.
        Assert.True(retired.BeginWrite());
    }

    [Fact]
    public void Reads_and_writes_in_place_mark_the_entity_touched_once_until_taken()
    {
        var definition = Define(Card());
        var active = new ActiveEntity("c1", new FeatureEntityState());
        active.Apply(definition, [Event("e1", Epoch, 10)], NoMargin, acknowledged: true);
        Assert.False(active.TakeTouched());

        Assert.True(active.TryRead(definition, Amounts, Epoch, out _));
        Assert.True(active.TakeTouched());
        Assert.False(active.TakeTouched());

        Assert.True(active.TryApply(definition, [Event("e2", Epoch.AddSeconds(1), 20)], NoMargin, out _));
        Assert.True(active.TakeTouched());
        Assert.False(active.TakeTouched());

        Assert.True(active.TryRead(definition, Amounts, Epoch, out _));
        active.Retire();
        Assert.False(active.TakeTouched());
    }
}
