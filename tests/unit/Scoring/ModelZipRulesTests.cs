using Mle.Configuration;
using Mle.Errors;
using Mle.Registry;
using Mle.Scoring;
using Mle.Scoring.MlNet;
using Mle.Tests.Support;
using Microsoft.Extensions.Options;

namespace Mle.Tests.Unit.Scoring;

public sealed class ModelZipRulesTests
{
    private static readonly LimitsOptions Defaults = new();

    [Fact]
    public void A_trained_model_zip_passes() => ModelZipRules.Check(TestModels.BinaryClassifier, Defaults);

    [Fact]
    public void A_zip_bomb_is_refused_from_its_headers_naming_the_limit()
    {
        var bomb = HostileArtifacts.ZipBomb(4L * 1024 * 1024 * 1024);
        Assert.True(bomb.Length < 8 * 1024 * 1024, $"the bomb is {bomb.Length} bytes");

        var refused = Assert.Throws<InvalidArtifactException>(() => ModelZipRules.Check(bomb, Defaults));

        Assert.Equal(ErrorCodes.ArtifactExpandsTooFar, refused.Code);
        Assert.Contains("Mle:Limits:MaxArtifactExpandedBytes", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_zip_just_under_the_expansion_limit_passes_the_rules()
    {
        var limits = new LimitsOptions { MaxArtifactExpandedBytes = 128L * 1024 * 1024 };
        ModelZipRules.Check(HostileArtifacts.ZipBomb(128L * 1024 * 1024), limits);
        Assert.Throws<InvalidArtifactException>(() => ModelZipRules.Check(HostileArtifacts.ZipBomb(129L * 1024 * 1024), limits));
    }

    [Fact]
    public void A_zip_of_more_entries_than_the_limit_is_refused()
    {
        var limits = new LimitsOptions { MaxArtifactEntries = 100 };

        var refused = Assert.Throws<InvalidArtifactException>(() => ModelZipRules.Check(HostileArtifacts.ZipOfManyEntries(101), limits));

        Assert.Equal(ErrorCodes.ArtifactExpandsTooFar, refused.Code);
        Assert.Contains("Mle:Limits:MaxArtifactEntries", refused.Message, StringComparison.Ordinal);
        ModelZipRules.Check(HostileArtifacts.ZipOfManyEntries(100), limits);
    }

    [Theory]
    [InlineData("../escaped")]
    [InlineData("Model/../../escaped")]
    [InlineData("..\\escaped")]
    [InlineData("Model\\..\\..\\escaped")]
    [InlineData("/etc/escaped")]
    [InlineData("\\escaped")]
    [InlineData("C:/escaped")]
    [InlineData("Model/a\0b")]
    [InlineData("Model/line\nbreak")]
    public void An_entry_named_out_of_the_archive_is_refused(string entry)
    {
        var refused = Assert.Throws<InvalidArtifactException>(() => ModelZipRules.Check(HostileArtifacts.ModelWithEntry(entry), Defaults));

        Assert.Equal(ErrorCodes.UnsafeArtifactEntry, refused.Code);
        Assert.DoesNotContain('\0', refused.Message);
    }

    [Theory]
    [InlineData("Model/..data")]
    [InlineData("Model/./data")]
    [InlineData("Model/data..")]
    public void Dots_inside_a_name_are_not_a_way_out(string entry) =>
        ModelZipRules.Check(HostileArtifacts.ModelWithEntry(entry), Defaults);

    [Fact]
    public void Bytes_that_only_start_like_a_zip_are_an_invalid_artifact()
    {
        var refused = Assert.Throws<InvalidArtifactException>(() => ModelZipRules.Check("PK\u0003\u0004garbage"u8.ToArray(), Defaults));
        Assert.Equal(ErrorCodes.InvalidArtifact, refused.Code);
    }

    [Fact]
    public async Task Inspection_refuses_a_zip_bomb_declared_or_detected_as_ml_net()
    {
        var inspector = new ArtifactInspector(Options.Create(new LimitsOptions { MaxArtifactExpandedBytes = 64L * 1024 * 1024 }));
        var bomb = HostileArtifacts.ZipBomb(128L * 1024 * 1024);

        foreach (var flavor in new ModelFlavor?[] { null, ModelFlavor.MlNet })
        {
            var refused = await Assert.ThrowsAsync<InvalidArtifactException>(() => inspector.Inspect(bomb, flavor));
            Assert.Equal(ErrorCodes.ArtifactExpandsTooFar, refused.Code);
        }
    }
}
