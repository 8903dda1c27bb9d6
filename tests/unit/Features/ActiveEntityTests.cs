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
}
