using Mle.Errors;
using Mle.Silo.Notifications;

namespace Mle.Tests.Unit.Notifications;

public sealed class NotificationFilterParsingTests
{
    private static readonly NotificationsOptions Options = new() { MaxKinds = 3 };

    [Fact]
    public void Kinds_come_repeated_or_comma_separated_and_repeat_only_once()
    {
        var filter = NotificationsApi.Filter(["model,alias", "pipeline", " alias "], "churn", Options);

        Assert.Equal(["model", "alias", "pipeline"], filter.Kinds);
        Assert.Equal("churn", filter.Name);
        Assert.Empty(NotificationsApi.Filter(null, null, Options).Kinds);
    }

    [Theory]
    [InlineData("Model", "kind")]
    [InlineData("model;drop", "kind")]
    [InlineData("a,b,c,d", "kind")]
    public void A_bad_kind_or_too_many_is_a_400_naming_the_parameter(string kinds, string target)
    {
        var refused = Assert.Throws<InvalidRequestException>(() => NotificationsApi.Filter([kinds], null, Options));
        Assert.Equal(ErrorCodes.InvalidRequest, refused.Code);
        Assert.Equal(target, refused.Target);
    }

    [Theory]
    [InlineData("")]
    [InlineData("a\nb")]
    public void A_bad_name_is_a_400(string name) =>
        Assert.Equal("name", Assert.Throws<InvalidRequestException>(() => NotificationsApi.Filter(null, name, Options)).Target);

    [Fact]
    public void The_defaults_are_valid_and_each_bad_setting_is_named()
    {
        var validator = new NotificationsOptionsValidator();
        Assert.True(validator.Validate(null, new NotificationsOptions()).Succeeded);
        Assert.Contains("Mle:Notifications:SendQueueCapacity", validator.Validate(null, new NotificationsOptions { SendQueueCapacity = 0 }).FailureMessage);
        Assert.Contains("Mle:Notifications:KeepAliveTimeout", validator.Validate(null, new NotificationsOptions { KeepAliveTimeout = TimeSpan.FromSeconds(1) }).FailureMessage);
        Assert.Contains("Mle:Notifications:MaxKinds", validator.Validate(null, new NotificationsOptions { MaxKinds = 0 }).FailureMessage);
    }
}
