using Mle.Silo.Hosting;

namespace Mle.Tests.Unit.Hosting;

public sealed class ArtifactsOptionsValidatorTests
{
    private static IReadOnlyList<string> Failures(ArtifactsOptions options)
    {
        var result = new ArtifactsOptionsValidator().Validate(null, options);
        return result.Failed ? [.. result.Failures] : [];
    }

    [Fact]
    public void The_blob_store_needs_a_connection_string()
    {
        Assert.Contains("Mle:Artifacts:ConnectionString is required by the AzureBlob artifact store.",
            Failures(new ArtifactsOptions { Provider = ArtifactsOptions.AzureBlob }));
    }

    [Theory]
    [InlineData("ab")]
    [InlineData("Artifacts")]
    [InlineData("my--artifacts")]
    [InlineData("-artifacts")]
    public void A_container_name_azure_refuses_is_named(string container)
    {
        var failure = Assert.Single(Failures(new ArtifactsOptions
        {
            Provider = ArtifactsOptions.AzureBlob,
            ConnectionString = "UseDevelopmentStorage=true",
            Container = container,
        }));

        Assert.StartsWith($"Mle:Artifacts:Container '{container}' is not a blob container name", failure);
    }

    [Fact]
    public void A_valid_blob_store_passes()
    {
        Assert.Empty(Failures(new ArtifactsOptions
        {
            Provider = ArtifactsOptions.AzureBlob,
            ConnectionString = "UseDevelopmentStorage=true",
            Container = "mle-artifacts-1",
        }));
    }
}
