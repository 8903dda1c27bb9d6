using System.Net;
using Microsoft.Extensions.DependencyInjection;
using Mle.Registry;
using Mle.Tests.Integration.Cluster;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;
using Orleans.Runtime;

namespace Mle.Tests.Integration.Api;

/// <summary>
/// What a registration leaves in a silo's memory once it is over: no activation that only the registration needed,
/// and, after a burst of them, a heap given back to the operating system.
/// </summary>
public sealed class RegistrationMemoryTests
{
    private static readonly TimeSpan Bound = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task A_registration_leaves_no_artifact_reference_activation_behind()
    {
        await using var silo = await TestSilo.StartAsync();
        var model = RestCalls.UniqueName("refs");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);

        await Eventually.Holds(() => Activations(silo, nameof(ArtifactReferencesGrain)), count => count == 0, Bound,
            "the deactivation of the artifact's reference record");
    }

    [Fact]
    public async Task A_burst_of_registrations_is_followed_by_a_heap_trim_once_it_is_over()
    {
        await using var silo = await TestSilo.StartAsync(new Dictionary<string, string?>
        {
            ["Mle:Registry:HeapTrimAfterRegistrations"] = "2",
            ["Mle:Registry:HeapTrimQuietPeriod"] = "00:00:00.200",
        });
        var trim = silo.Services.GetRequiredService<RegistrationHeapTrim>();
        var model = RestCalls.UniqueName("trim");
        await silo.Http.RegisterModel(model, TestModels.BinaryClassifier);
        Assert.Equal(0, trim.Trims);

        Assert.Equal(HttpStatusCode.Created, (await silo.Http.UploadVersion(model, TestModels.BinaryClassifier)).StatusCode);

        await Eventually.Holds(() => Task.FromResult(trim.Trims), trims => trims == 1, Bound, "the heap trim after two registrations");
    }

    private static async Task<int> Activations(TestSilo silo, string grainClass)
    {
        var statistics = await silo.Grains.GetGrain<IManagementGrain>(0).GetSimpleGrainStatistics();
        return statistics.Where(s => s.GrainType.Contains(grainClass, StringComparison.Ordinal)).Sum(s => s.ActivationCount);
    }
}
