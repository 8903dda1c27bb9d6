using Mle.Silo.Audit;

namespace Mle.Tests.Unit.Audit;

public sealed class AuditResourceTests
{
    [Theory]
    [InlineData("/api/v1/models/churn/aliases/champion", "models/churn/aliases/champion")]
    [InlineData("/api/v1/models/", "models")]
    [InlineData("/api/v1/admin/keys/abc", "admin/keys/abc")]
    [InlineData("/v2/models/churn/infer", "v2/models/churn/infer")]
    public void A_rest_resource_is_the_path_under_the_api(string path, string resource) =>
        Assert.Equal(resource, AuditResource.OfPath(path));

    [Fact]
    public void An_sdk_resource_fills_the_name_without_its_tenant_and_the_arguments()
    {
        object?[] arguments = ["champion", 3];
        Assert.Equal("models/churn/aliases/champion", AuditResource.OfCall("models/{name}/aliases/{0}", "acme/churn", i => arguments[i]));
        Assert.Equal("models/churn/versions/3", AuditResource.OfCall("models/{name}/versions/{1}", "acme/churn", i => arguments[i]));
        Assert.Equal("models/{other}", AuditResource.OfCall("models/{other}", "acme/churn", i => arguments[i]));
    }

    [Fact]
    public void A_route_resource_fills_route_values()
    {
        var values = new Microsoft.AspNetCore.Routing.RouteValueDictionary { ["name"] = "churn", ["version"] = "3" };
        Assert.Equal("models/churn/versions/3", AuditResource.OfRoute("models/{name}/versions/{version}", values));
    }
}
