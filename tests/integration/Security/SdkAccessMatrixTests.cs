using Mle.Errors;
using Mle.Features;
using Mle.Security;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>
/// Issue 7: every SDK call (models and the feature mart) × every role × the caller's tenant or another one named by
/// the client. A role without the permission gets <see cref="ForbiddenException"/>; with it, another tenant's name is
/// <see cref="ModelNotFoundException"/> (<see cref="FeatureSetNotFoundException"/> for feature sets).
/// </summary>
public sealed class SdkAccessMatrixTests(AccessMatrix matrix) : IClassFixture<AccessMatrix>
{
    private static IReadOnlyDictionary<string, object?>[] Row => [new Dictionary<string, object?> { ["X1"] = 1f, ["X2"] = 2f }];

    // In order: a version is registered before it is archived, an alias set before it is deleted.
    private static readonly (string Call, Permission Needs, Func<Mle.Client.IModelsClient, string, Task> Run)[] Calls =
    [
        ("ListAsync", Permission.Read, (c, _) => c.ListAsync()),
        ("CreateAsync", Permission.Register, (c, _) => c.CreateAsync($"new-{Guid.NewGuid():N}"[..16])),
        ("GetAsync", Permission.Read, (c, m) => c.GetAsync(m)),
        ("RegisterVersionAsync", Permission.Register, async (c, m) =>
        {
            using var artifact = new MemoryStream(TestModels.BinaryClassifier);
            await c.RegisterVersionAsync(m, artifact);
        }),
        ("GetVersionAsync", Permission.Read, (c, m) => c.GetVersionAsync(m, "champion")),
        ("ListVersionsAsync", Permission.Read, (c, m) => c.ListVersionsAsync(m)),
        ("ResolveAsync", Permission.Score, async (c, m) => await c.ResolveAsync(m, "champion")),
        ("ScoreAsync", Permission.Score, (c, m) => c.ScoreAsync(m, "champion", Row)),
        ("SetAliasAsync", Permission.Deploy, (c, m) => c.SetAliasAsync(m, "challenger", 1)),
        ("DeleteAliasAsync", Permission.Deploy, (c, m) => c.DeleteAliasAsync(m, "challenger")),
        ("ArchiveVersionAsync", Permission.Deploy, (c, m) => c.ArchiveVersionAsync(m, 2)),
    ];

    // The fixture's feature set, as REST created it (AccessMatrix.CardsSpec): the same definition evolves nothing.
    private static readonly FeatureSetSpec Cards = new(
        "cardId", [new RawFeature("amount", FeatureType.Float)],
        [new AggregateFeature("amount_avg_10m", "amount", AggregateFunction.Avg, TimeSpan.FromMinutes(10), TimeSpan.FromSeconds(1))],
        MaxAge: TimeSpan.FromDays(1), AllowedLateness: TimeSpan.FromMinutes(1));

    private static readonly (string Call, Permission Needs, Func<Mle.Client.IFeaturesClient, string, Task> Run)[] FeatureCalls =
    [
        ("CreateAsync", Permission.DefineFeatures, (c, _) => c.CreateAsync($"new-{Guid.NewGuid():N}"[..16], Cards)),
        ("EvolveAsync", Permission.DefineFeatures, (c, f) => c.EvolveAsync(f, Cards)),
        ("GetAsync", Permission.Read, (c, f) => c.GetAsync(f)),
        ("ListAsync", Permission.Read, (c, _) => c.ListAsync()),
        ("PushAsync", Permission.PushFeatures, (c, f) => c.PushAsync(f, [new FeatureEvent($"e-{Guid.NewGuid():N}", "c1", DateTimeOffset.UtcNow, new Dictionary<string, FeatureValue> { ["amount"] = 12.5 })])),
        ("LookupAsync", Permission.LookupFeatures, (c, f) => c.LookupAsync(f, ["c1"], ["amount", "amount_avg_10m"])),
    ];

    public static TheoryData<Role> AllRoles() => [.. Roles.All];

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Every_feature_mart_sdk_call_answers_each_role_of_each_tenant_as_it_should(Role role)
    {
        await using var own = await SdkClient.Connect(matrix.Silo, matrix.Keys[role], AccessMatrix.Tenant);
        await using var foreign = await SdkClient.Connect(matrix.Silo, matrix.Keys[role], AccessMatrix.OtherTenant);
        var mismatches = new List<string>();
        foreach (var (call, needs, run) in FeatureCalls)
        {
            var allowed = Roles.Allows(role, needs);
            await Check(call, "own", () => run(own.Features, AccessMatrix.Cards), allowed ? null : typeof(ForbiddenException), mismatches);
            await Check(call, "foreign", () => run(foreign.Features, AccessMatrix.TheirCards), allowed ? typeof(FeatureSetNotFoundException) : typeof(ForbiddenException), mismatches);
        }
        Assert.True(mismatches.Count == 0, $"{Roles.Name(role)}:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    [Theory]
    [MemberData(nameof(AllRoles))]
    public async Task Every_sdk_call_answers_each_role_of_each_tenant_as_it_should(Role role)
    {
        await using var own = await SdkClient.Connect(matrix.Silo, matrix.Keys[role], AccessMatrix.Tenant);
        // The same key, with a client that names the other tenant: its names are not the caller's to see.
        await using var foreign = await SdkClient.Connect(matrix.Silo, matrix.Keys[role], AccessMatrix.OtherTenant);
        var mismatches = new List<string>();
        foreach (var (call, needs, run) in Calls)
        {
            var allowed = Roles.Allows(role, needs);
            await Check(call, "own", () => run(own.Models, AccessMatrix.SdkModel(role)), allowed ? null : typeof(ForbiddenException), mismatches);
            await Check(call, "foreign", () => run(foreign.Models, AccessMatrix.Theirs), allowed ? typeof(ModelNotFoundException) : typeof(ForbiddenException), mismatches);
        }
        Assert.True(mismatches.Count == 0, $"{Roles.Name(role)}:{Environment.NewLine}{string.Join(Environment.NewLine, mismatches)}");
    }

    private static async Task Check(string call, string tenant, Func<Task> run, Type? expected, List<string> mismatches)
    {
        Type? actual = null;
        string detail = "";
        try
        {
            await run();
        }
        catch (MleException e)
        {
            actual = e.GetType();
            detail = e.Message;
        }
        if (actual != expected)
        {
            mismatches.Add($"{call} ({tenant}): expected {expected?.Name ?? "success"}, got {actual?.Name ?? "success"} {detail}");
        }
    }
}
