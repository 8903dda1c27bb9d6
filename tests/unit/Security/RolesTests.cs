using Mle.Security;

namespace Mle.Tests.Unit.Security;

public sealed class RolesTests
{
    [Theory]
    [InlineData(Role.Viewer, new[] { Permission.Read, Permission.Score, Permission.LookupFeatures })]
    [InlineData(Role.Scorer, new[] { Permission.Score, Permission.LookupFeatures })]
    [InlineData(Role.Scientist, new[] { Permission.Read, Permission.Score, Permission.Register, Permission.DefineFeatures, Permission.PushFeatures, Permission.LookupFeatures, Permission.DefinePipelines, Permission.PushPipelineEvents, Permission.BuildDatasets })]
    [InlineData(Role.Operator, new[] { Permission.Read, Permission.Score, Permission.Register, Permission.Deploy, Permission.DefineFeatures, Permission.PushFeatures, Permission.LookupFeatures, Permission.DefinePipelines, Permission.PushPipelineEvents, Permission.ControlPipelines, Permission.BuildDatasets })]
    [InlineData(Role.Admin, new[] { Permission.Read, Permission.Score, Permission.Register, Permission.Deploy, Permission.ManageKeys, Permission.ReadAudit, Permission.DefineFeatures, Permission.PushFeatures, Permission.LookupFeatures, Permission.DefinePipelines, Permission.PushPipelineEvents, Permission.ControlPipelines, Permission.BuildDatasets })]
    public void Each_role_has_exactly_its_permissions(Role role, Permission[] granted)
    {
        foreach (var permission in Enum.GetValues<Permission>())
        {
            Assert.True(granted.Contains(permission) == Roles.Allows(role, permission), $"{role} / {permission}");
        }
    }

    [Theory]
    [InlineData("viewer", Role.Viewer)]
    [InlineData("Operator", Role.Operator)]
    [InlineData("ADMIN", Role.Admin)]
    public void Role_names_parse_case_insensitively(string name, Role expected)
    {
        Assert.True(Roles.TryParse(name, out var role));
        Assert.Equal(expected, role);
    }

    [Theory]
    [InlineData(null)]
    [InlineData("")]
    [InlineData("4")]
    [InlineData("root")]
    [InlineData(" admin")]
    public void Numbers_and_unknown_names_are_not_roles(string? name) => Assert.False(Roles.TryParse(name, out _));
}
