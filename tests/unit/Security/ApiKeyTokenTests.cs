using Mle.Security;

namespace Mle.Tests.Unit.Security;

public sealed class ApiKeyTokenTests
{
    [Fact]
    public void A_generated_key_parses_back_to_its_id_and_secret()
    {
        var key = ApiKeyToken.Generate();
        Assert.True(ApiKeyToken.TryParse(key.ToString(), out var parsed));
        Assert.Equal(key, parsed);
        Assert.Equal(64, key.Secret.Length);
        Assert.NotEqual(ApiKeyToken.Generate().Secret, key.Secret);
    }

    [Theory]
    [InlineData("mle_abc_0123456789abcdef0123456789abcdef")]
    [InlineData("mle_abc_with_underscores_and-dashes_0123456789")]
    public void Keys_of_the_documented_shape_parse(string text) => Assert.True(ApiKeyToken.TryParse(text, out _));

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("mle_abc_short")]
    [InlineData("MLE_abc_0123456789abcdef0123456789abcdef")]
    [InlineData("mle_ABC_0123456789abcdef0123456789abcdef")]
    [InlineData("mle__0123456789abcdef0123456789abcdef")]
    [InlineData("mle_abc_0123456789abcdef0123456789abcdef\n")]
    [InlineData("mle_a/b_0123456789abcdef0123456789abcdef")]
    public void Other_text_is_not_a_key(string? text) => Assert.False(ApiKeyToken.TryParse(text, out _));

    [Fact]
    public void The_stored_hash_is_the_secrets_sha256_and_compares_equal_only_to_itself()
    {
        var key = ApiKeyToken.Generate();
        Assert.Equal(Convert.ToHexStringLower(System.Security.Cryptography.SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(key.Secret))), key.SecretHash);
        Assert.True(ApiKeyToken.HashesEqual(key.SecretHash, key.SecretHash));
        Assert.False(ApiKeyToken.HashesEqual(key.SecretHash, ApiKeyToken.Generate().SecretHash));
        Assert.DoesNotContain(key.Secret, key.SecretHash);
    }
}
