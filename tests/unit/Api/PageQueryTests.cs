using Mle.Errors;
using Mle.Paging;
using Mle.Silo.Api;

namespace Mle.Tests.Unit.Api;

public sealed class PageQueryTests
{
    [Fact]
    public void A_list_route_without_a_page_size_asks_for_the_default_page()
    {
        var request = PageQuery.Request(null, "token", "churn", "team=fraud");

        Assert.Equal(new PageRequest(PageRequest.DefaultPageSize, "token", "churn", "team=fraud"), request);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(PageRequest.MaxPageSize)]
    public void Page_sizes_from_one_to_the_maximum_are_accepted(int size)
    {
        Assert.Equal(size, PageQuery.Request(size, null, null).PageSize);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-1)]
    [InlineData(PageRequest.MaxPageSize + 1)]
    public void A_page_size_out_of_range_is_invalid_request_naming_the_parameter(int size)
    {
        var error = Assert.Throws<InvalidRequestException>(() => PageQuery.Size(size));

        Assert.Equal(ErrorCodes.InvalidRequest, error.Code);
        Assert.Equal("pageSize", error.Target);
        Assert.Contains($"between 1 and {PageRequest.MaxPageSize}", error.Message, StringComparison.Ordinal);
    }
}
