using Mle.Paging;
using Mle.Registry;

namespace Mle.Tests.Unit.Registry;

public sealed class RegistrySearchTests
{
    private static readonly Dictionary<string, string> Tags = new() { ["team"] = "fraud", ["tier"] = "gold" };

    [Theory]
    [InlineData(null, null, true)]
    [InlineData("CHURN", null, true)]
    [InlineData("monthly", null, true)]
    [InlineData("absent", null, false)]
    [InlineData(null, "team", true)]
    [InlineData(null, "owner", false)]
    [InlineData(null, "team=fraud", true)]
    [InlineData(null, "team=Fraud", false)]
    [InlineData(null, "team=", false)]
    [InlineData("churn", "tier=gold", true)]
    [InlineData("churn", "tier=silver", false)]
    public void Matches_by_name_or_description_substring_and_by_tag(string? query, string? tag, bool expected)
    {
        var request = new PageRequest(Query: query, Tag: tag);
        Assert.Equal(expected, RegistrySearch.Matches(request, "churn-model", "Predicts monthly churn", Tags));
    }

    [Fact]
    public void A_model_without_description_matches_by_name_only()
    {
        Assert.False(RegistrySearch.Matches(new PageRequest(Query: "x"), "churn", null, Tags));
    }
}
