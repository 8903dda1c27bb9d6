using Microsoft.Extensions.Options;
using Mle.Configuration;
using Mle.Errors;
using Mle.Scoring;
using Mle.Tests.Support;

namespace Mle.Tests.Unit.Scoring;

/// <summary>ONNX headers that declare what no row can be: refused at inspection as invalid artifacts, never registered.</summary>
public sealed class HostileArtifactInspectionTests
{
    private readonly ArtifactInspector _inspector = new();

    [Fact]
    public async Task A_row_width_of_2_to_the_62_is_refused_not_read_as_zero()
    {
        var refused = await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(HostileArtifacts.OnnxOfWidth(1L << 62), flavor: null));
        Assert.Equal(ErrorCodes.InvalidArtifact, refused.Code);
        Assert.Contains("'x'", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_row_of_more_values_than_an_int_holds_is_refused()
    {
        var refused = await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(HostileArtifacts.OnnxOfShape(65_536, 65_536), flavor: null));
        Assert.Contains("more than", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_column_name_over_the_limit_is_refused_naming_the_setting()
    {
        var inspector = new ArtifactInspector(Options.Create(new LimitsOptions { MaxColumnNameLength = 100 }));

        var refused = await Assert.ThrowsAsync<InvalidArtifactException>(() => inspector.Inspect(HostileArtifacts.OnnxWithInputNameOf(101), flavor: null));

        Assert.Equal(ErrorCodes.InvalidArtifact, refused.Code);
        Assert.Contains("Mle:Limits:MaxColumnNameLength", refused.Message, StringComparison.Ordinal);
        Assert.True(refused.Message.Length < 400, refused.Message);
        await inspector.Inspect(HostileArtifacts.OnnxWithInputNameOf(100), flavor: null);
    }

    [Fact]
    public async Task A_header_declaring_a_2_GiB_graph_is_an_invalid_artifact() =>
        Assert.Equal(ErrorCodes.InvalidArtifact,
            (await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(HostileArtifacts.OnnxDeclaringTwoGigabytes(), flavor: null))).Code);

    [Fact]
    public async Task Weights_said_to_be_in_a_file_outside_are_not_read()
    {
        var outside = Path.Combine(Path.GetTempPath(), "mle-outside-" + Guid.NewGuid().ToString("N"));
        await File.WriteAllBytesAsync(outside, new byte[4]);
        try
        {
            await Assert.ThrowsAsync<InvalidArtifactException>(() => _inspector.Inspect(HostileArtifacts.OnnxWithExternalData(outside), flavor: null));
        }
        finally
        {
            File.Delete(outside);
        }
    }
}
