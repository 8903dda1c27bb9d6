using Microsoft.Extensions.Options;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Backends;

/// <summary>
/// Every clustering provider that lets silos on several machines join refuses state or artifacts only one machine
/// sees, before it connects to anything (the connection strings below point nowhere).
/// </summary>
public sealed class SplitStateRefusalTests
{
    [Theory]
    [InlineData("Redis", "127.0.0.1:1")]
    [InlineData("AzureTables", "UseDevelopmentStorage=true")]
    [InlineData("PostgreSql", "Host=127.0.0.1;Port=1;Database=mle")]
    public async Task A_multi_silo_provider_refuses_embedded_storage_and_a_local_artifact_folder(string provider, string connectionString)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Clustering:Provider"] = provider,
            ["Mle:Clustering:ConnectionString"] = connectionString,
        }));

        Assert.Contains($"Mle:Clustering:Provider is {provider}", error.Message);
        Assert.Contains("Mle:Storage:Provider is Embedded", error.Message);
        Assert.Contains("Mle:Artifacts:Provider is FileSystem", error.Message);
        Assert.Contains("Mle:Artifacts:Shared=true", error.Message);
    }

    [Fact]
    public async Task A_blob_artifact_store_is_shared_by_nature_and_needs_no_declaration()
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Clustering:Provider"] = "PostgreSql",
            ["Mle:Clustering:ConnectionString"] = "Host=127.0.0.1;Port=1;Database=mle",
            ["Mle:Artifacts:Provider"] = "AzureBlob",
            ["Mle:Artifacts:ConnectionString"] = "UseDevelopmentStorage=true",
        }));

        Assert.Contains("Mle:Storage:Provider is Embedded", error.Message);
        Assert.DoesNotContain("Mle:Artifacts", error.Message);
    }
}
