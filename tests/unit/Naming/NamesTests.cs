using Mle.Errors;
using Mle.Naming;

namespace Mle.Tests.Unit.Naming;

public sealed class NamesTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("churn-model_v2.1")]
    [InlineData("0start")]
    public void Letters_digits_dots_dashes_and_underscores_are_a_name(string name) => Assert.Equal(name, Names.Require("model", name));

    [Fact]
    public void Name_of_128_characters_is_valid_and_129_is_not()
    {
        Assert.True(Names.IsValid(new string('a', Names.MaxLength)));
        Assert.False(Names.IsValid(new string('a', Names.MaxLength + 1)));
    }

    [Theory]
    [InlineData("nl\n")]
    [InlineData("nl\r\n")]
    [InlineData("tab\t")]
    [InlineData("bell\u0007")]
    [InlineData("nul\0")]
    [InlineData("\nlead")]
    [InlineData("del\u007f")]
    [InlineData("next\u0085line")]
    public void A_name_with_a_control_character_anywhere_is_invalid(string name) => Assert.False(Names.IsValid(name));

    [Theory]
    [InlineData("half\ud800")]
    [InlineData("\udc00half")]
    [InlineData("pair\ud83d\ude00")]
    [InlineData("caf\u00e9")]
    [InlineData("a/b")]
    [InlineData("a@b")]
    [InlineData("-lead")]
    [InlineData("")]
    [InlineData(" ")]
    public void A_name_outside_the_ascii_rule_is_invalid(string name) => Assert.False(Names.IsValid(name));

    [Fact]
    public void A_rejected_name_is_echoed_with_control_characters_and_lone_surrogates_escaped()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Names.Require("model", "nl\n\ud800x"));

        Assert.Equal(ErrorCodes.InvalidName, error.Code);
        Assert.Contains("nl\\u000a\\ud800x", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain('\n', error.Message);
    }

    [Fact]
    public void A_very_long_rejected_name_is_cut_short_in_the_message()
    {
        var error = Assert.Throws<InvalidRequestException>(() => Names.Require("model", new string('x', 100_000)));

        Assert.True(error.Message.Length < 400, error.Message);
        Assert.Contains("100000 characters", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_surrogate_pair_cut_at_the_echo_limit_is_escaped_not_split()
    {
        var name = new string('x', 63) + "\ud83d\ude00tail";
        var error = Assert.Throws<InvalidRequestException>(() => Names.Require("model", name));

        Assert.Contains("\\ud83d...", error.Message, StringComparison.Ordinal);
    }
}
