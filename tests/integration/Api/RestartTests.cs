using System.Net;
using Mle.Tests.Integration.Infrastructure;
using Mle.Tests.Support;

namespace Mle.Tests.Integration.Api;

public sealed class RestartTests
{
    [Fact]
    public async Task Models_versions_and_aliases_survive_a_restart_on_the_same_data_directory()
    {
        await using var silo = await TestSilo.StartAsync();
        const string Rows = """{"rows": [{"X1": 1.5, "X2": -0.5}]}""";
        await silo.Http.RegisterModel("durable", TestModels.BinaryClassifier);
        (await silo.Http.SetAlias("durable", "champion", 1)).EnsureSuccessStatusCode();
        var before = await (await silo.Http.PostJson("/api/v1/models/durable/versions/champion/score", Rows)).Json();

        await silo.RestartAsync();

        var model = await (await silo.Http.GetAsync("/api/v1/models/durable")).Json();
        Assert.Equal(1, (int?)model["aliases"]!["champion"]);
        var after = await silo.Http.PostJson("/api/v1/models/durable/versions/champion/score", Rows);
        Assert.Equal(HttpStatusCode.OK, after.StatusCode);
        Assert.Equal(before["predictions"]!.ToJsonString(), (await after.Json())["predictions"]!.ToJsonString());
        var listed = await (await silo.Http.GetAsync("/api/v1/models?q=durable")).Json();
        Assert.Equal(1, (int?)listed["totalCount"]);
    }
}
