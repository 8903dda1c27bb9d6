using Mle.Errors;
using Mle.Paging;
using Mle.Registry;

namespace Mle.Tests.Unit.Registry;

public sealed class PageCursorTests
{
    private static Page<string> Take(IEnumerable<string> names, PageRequest request) =>
        PageCursor.Take(names.Order(StringComparer.Ordinal), n => n, string.CompareOrdinal, request);

    [Fact]
    public void Pages_walk_the_whole_list_once_and_the_last_page_has_no_token()
    {
        var names = Enumerable.Range(0, 7).Select(i => $"m{i}").ToList();
        var seen = new List<string>();
        string? token = null;
        var pages = 0;
        do
        {
            var page = Take(names, new PageRequest(PageSize: 3, ContinuationToken: token));
            Assert.Equal(7, page.TotalCount);
            seen.AddRange(page.Items);
            token = page.ContinuationToken;
            pages++;
        }
        while (token is not null);

        Assert.Equal(names, seen);
        Assert.Equal(3, pages);
    }

    [Fact]
    public void An_item_added_before_the_cursor_does_not_shift_the_next_page()
    {
        var names = new List<string> { "b", "d", "f", "h" };
        var first = Take(names, new PageRequest(PageSize: 2));
        names.Add("a");

        var second = Take(names, new PageRequest(PageSize: 2, ContinuationToken: first.ContinuationToken));

        Assert.Equal(["b", "d"], first.Items);
        Assert.Equal(["f", "h"], second.Items);
        Assert.Null(second.ContinuationToken);
    }

    [Fact]
    public void An_exact_final_page_has_no_token()
    {
        var page = Take(["a", "b"], new PageRequest(PageSize: 2));
        Assert.Null(page.ContinuationToken);
    }

    [Theory]
    [InlineData("not a token!")]
    [InlineData("aGVsbG8")]
    public void A_token_this_service_did_not_issue_is_invalid_request(string token)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Take(["a"], new PageRequest(ContinuationToken: token)));
        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
        Assert.Equal("continuationToken", error.Target);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(PageRequest.MaxPageSize + 1)]
    public void A_page_size_out_of_range_is_invalid_request(int size)
    {
        var error = Assert.Throws<InvalidRequestException>(() => Take(["a"], new PageRequest(PageSize: size)));
        Assert.Equal("pageSize", error.Target);
    }
}
