using Mle.Errors;
using Mle.Security;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Security;

/// <summary>
/// Issue 7: every SDK call × every role × the caller's tenant or another one named by the client. A role without
/// the permission gets <see cref="ForbiddenException"/>; with it, another tenant's name is <see cref="ModelNotFoundException"/>.
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

    public static TheoryData<Role> AllRoles() => [.. Roles.All];

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
