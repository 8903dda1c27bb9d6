using Mle.Errors;
using Mle.Paging;

namespace Mle.Tests.Unit.Paging;

public sealed class PagedDirectoryTests
{
    private sealed record Entry(string Name, int Version, string? Description = null, Dictionary<string, string>? Tags = null);

    private readonly Dictionary<string, Entry> _stored = [];

    private PagedDirectory<Entry> Tagless => new(
        _stored, e => e.Name, (incoming, stored) => incoming.Version > stored.Version, e => e.Description);

    private PagedDirectory<Entry> Tagged => new(
        _stored, e => e.Name, (incoming, stored) => incoming.Version > stored.Version, e => e.Description, e => e.Tags ?? []);

    private void Store(params string[] names)
    {
        foreach (var name in names)
        {
            Tagless.Put(new Entry(name, 1));
        }
    }

    private static List<string> Names(Page<Entry> page) => [.. page.Items.Select(e => e.Name)];

    private static List<string> Walk(PagedDirectory<Entry> directory, PageRequest request)
    {
        var seen = new List<string>();
        string? token = null;
        do
        {
            var page = directory.List(request with { ContinuationToken = token });
            seen.AddRange(Names(page));
            token = page.ContinuationToken;
        }
        while (token is not null);
        return seen;
    }

    [Fact]
    public void An_empty_tenant_lists_one_empty_last_page()
    {
        var page = Tagless.List(new PageRequest());

        Assert.Empty(page.Items);
        Assert.Null(page.ContinuationToken);
        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public void Entries_are_listed_in_ordinal_name_order_whatever_the_order_they_came_in()
    {
        Store("b", "a", "B", "a-2", "ä", "A");

        Assert.Equal(["A", "B", "a", "a-2", "b", "ä"], Walk(Tagless, new PageRequest(PageSize: 2)));
    }

    [Fact]
    public void A_first_entry_is_stored_and_reports_a_change()
    {
        Assert.True(Tagless.Put(new Entry("churn", 1)));

        Assert.Equal(new Entry("churn", 1), _stored["churn"]);
    }

    [Fact]
    public void A_newer_entry_replaces_the_stored_one_and_a_stale_one_changes_nothing()
    {
        Tagless.Put(new Entry("churn", 2, "second"));

        Assert.False(Tagless.Put(new Entry("churn", 1, "first")));
        Assert.False(Tagless.Put(new Entry("churn", 2, "again")));
        Assert.Equal("second", _stored["churn"].Description);

        Assert.True(Tagless.Put(new Entry("churn", 3, "third")));
        Assert.Equal("third", Assert.Single(Tagless.List(new PageRequest()).Items).Description);
    }

    [Fact]
    public void A_directory_that_never_replaces_keeps_the_first_entry_of_a_name()
    {
        var firstWins = new PagedDirectory<Entry>(_stored, e => e.Name, (_, _) => false);
        firstWins.Put(new Entry("d", 1, "first"));

        Assert.False(firstWins.Put(new Entry("d", 9, "later")));
        Assert.Equal("first", _stored["d"].Description);
    }

    [Fact]
    public void Removing_an_entry_reports_whether_there_was_one()
    {
        Store("a", "b");

        Assert.True(Tagless.Remove("a"));
        Assert.False(Tagless.Remove("a"));
        Assert.False(Tagless.Remove("never"));
        Assert.Equal(["b"], Names(Tagless.List(new PageRequest())));
    }

    [Fact]
    public void Pages_walk_every_entry_once_and_count_them_all()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"p{i}").ToArray();
        Store(names);

        var first = Tagless.List(new PageRequest(PageSize: 3));

        Assert.Equal(7, first.TotalCount);
        Assert.Equal(["p0", "p1", "p2"], Names(first));
        Assert.Equal(names, Walk(Tagless, new PageRequest(PageSize: 3)));
    }

    [Fact]
    public void An_exact_final_page_has_no_token()
    {
        Store("a", "b", "c", "d");

        var second = Tagless.List(new PageRequest(PageSize: 2, ContinuationToken: Tagless.List(new PageRequest(PageSize: 2)).ContinuationToken));

        Assert.Equal(["c", "d"], Names(second));
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public void Entries_added_between_pages_before_the_cursor_neither_repeat_nor_shift_the_next_page()
    {
        Store("b", "d", "f", "h");
        var first = Tagless.List(new PageRequest(PageSize: 2));

        Store("a", "c");
        var second = Tagless.List(new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));

        Assert.Equal(["b", "d"], Names(first));
        Assert.Equal(["f", "h"], Names(second));
        Assert.Null(second.ContinuationToken);
        Assert.Equal(6, second.TotalCount);
    }

    [Fact]
    public void Entries_added_between_pages_after_the_cursor_appear_on_a_later_page()
    {
        Store("b", "d", "f");
        var first = Tagless.List(new PageRequest(PageSize: 2));

        Store("e", "z");
        var second = Tagless.List(new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));
        var third = Tagless.List(new PageRequest(PageSize: 2, ContinuationToken: second.ContinuationToken));

        Assert.Equal(["e", "f"], Names(second));
        Assert.Equal(["z"], Names(third));
        Assert.Null(third.ContinuationToken);
    }

    [Fact]
    public void Removing_the_entry_a_token_points_at_does_not_lose_or_repeat_the_rest()
    {
        Store("a", "b", "c", "d", "e");
        var first = Tagless.List(new PageRequest(PageSize: 2));

        Tagless.Remove("b");
        Tagless.Remove("a");
        var second = Tagless.List(new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));

        Assert.Equal(["a", "b"], Names(first));
        Assert.Equal(["c", "d"], Names(second));
        Assert.Equal(3, second.TotalCount);
    }

    [Fact]
    public void Removing_every_entry_after_the_cursor_ends_the_listing_with_an_empty_last_page()
    {
        Store("a", "b", "c");
        var first = Tagless.List(new PageRequest(PageSize: 2));

        Tagless.Remove("c");
        var second = Tagless.List(new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));

        Assert.Empty(second.Items);
        Assert.Null(second.ContinuationToken);
    }

    [Theory]
    [InlineData("CHURN", new[] { "churn-daily", "retention" })]
    [InlineData("weekly", new[] { "retention" })]
    [InlineData("absent", new string[0])]
    public void A_query_matches_a_case_insensitive_substring_of_the_name_or_the_description(string query, string[] expected)
    {
        Tagless.Put(new Entry("churn-daily", 1));
        Tagless.Put(new Entry("retention", 1, "Weekly churn"));
        Tagless.Put(new Entry("fraud", 1));

        var page = Tagless.List(new PageRequest(Query: query));

        Assert.Equal(expected, Names(page));
        Assert.Equal(expected.Length, page.TotalCount);
    }

    [Fact]
    public void Filtered_pages_count_and_walk_only_the_matches()
    {
        Store("m1", "x1", "m2", "x2", "m3", "m4", "m5");

        var first = Tagless.List(new PageRequest(PageSize: 2, Query: "m"));

        Assert.Equal(5, first.TotalCount);
        Assert.Equal(["m1", "m2", "m3", "m4", "m5"], Walk(Tagless, new PageRequest(PageSize: 2, Query: "m")));
    }

    [Theory]
    [InlineData("team", new[] { "a", "b" })]
    [InlineData("team=fraud", new[] { "a" })]
    [InlineData("team=Fraud", new string[0])]
    [InlineData("owner", new string[0])]
    public void A_tag_filter_matches_a_present_key_or_an_exact_value(string tag, string[] expected)
    {
        Tagged.Put(new Entry("a", 1, Tags: new() { ["team"] = "fraud" }));
        Tagged.Put(new Entry("b", 1, Tags: new() { ["team"] = "churn" }));
        Tagged.Put(new Entry("c", 1));

        Assert.Equal(expected, Names(Tagged.List(new PageRequest(Tag: tag))));
    }

    [Fact]
    public void A_tag_filter_on_a_directory_without_tags_matches_nothing()
    {
        Store("a", "b");

        var page = Tagless.List(new PageRequest(Tag: "team"));

        Assert.Empty(page.Items);
        Assert.Equal(0, page.TotalCount);
    }

    [Fact]
    public void Without_a_description_only_the_name_is_searched()
    {
        var nameOnly = new PagedDirectory<Entry>(_stored, e => e.Name, (incoming, stored) => incoming.Version > stored.Version);
        nameOnly.Put(new Entry("fraud", 1, "churn in the description"));
        nameOnly.Put(new Entry("churn", 1));

        Assert.Equal(["churn"], Names(nameOnly.List(new PageRequest(Query: "churn"))));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(PageRequest.MaxPageSize + 1)]
    public void A_page_size_out_of_range_is_invalid_request_even_for_an_empty_tenant(int size)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Tagless.List(new PageRequest(PageSize: size)));

        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
        Assert.Equal("pageSize", error.Target);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(PageRequest.MaxPageSize)]
    public void The_page_size_bounds_are_inclusive(int size)
    {
        Store([.. Enumerable.Range(0, PageRequest.MaxPageSize + 1).Select(i => $"e{i:D4}")]);

        var page = Tagless.List(new PageRequest(PageSize: size));

        Assert.Equal(size, page.Items.Count);
        Assert.NotNull(page.ContinuationToken);
        Assert.Equal(PageRequest.MaxPageSize + 1, page.TotalCount);
    }

    [Fact]
    public void A_token_this_service_did_not_issue_is_invalid_request()
    {
        Store("a");

        var error = Assert.Throws<InvalidRequestException>(() => Tagless.List(new PageRequest(ContinuationToken: "not a token!")));

        Assert.Equal("continuationToken", error.Target);
    }
}
