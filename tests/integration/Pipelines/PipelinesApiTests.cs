using System.Net;
using Mle.Errors;
using Mle.Tests.Integration.Api;

namespace Mle.Tests.Integration.Pipelines;

/// <summary>Issue 9's definitions, versions, lifecycle and backpressure over REST.</summary>
public sealed class PipelinesApiTests(PipelinesSilo fixture) : IClassFixture<PipelinesSilo>
{
    private HttpClient Http => fixture.Silo.Http;

    private static string Simple(string name, string expr = "X1 > 0") => $$$"""
        {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number"}},
         "steps": [{"name": "big", "type": "filter", "expr": "{{{expr}}}"}]}
        """;

    [Fact]
    public async Task A_definition_with_several_problems_is_one_400_listing_every_one_and_nothing_is_created()
    {
        var name = RestCalls.UniqueName("bad");
        var response = await Http.PostJson("/api/v1/pipelines", $$$"""
            {"name": "{{{name}}}", "source": {"type": "rest", "schema": {"X1": "number"}},
             "steps": [{"name": "big", "type": "filter", "expr": "Y > 0"},
                       {"name": "score", "type": "score", "model": "no-such-model"},
                       {"name": "loop", "type": "map", "after": ["loop"], "set": {"Z": "X1"}}]}
            """);

        var problem = await response.AssertProblem(HttpStatusCode.BadRequest, ErrorCodes.InvalidPipeline);
        var codes = problem["problems"]!.AsArray().Select(p => (string?)p!["code"]).ToList();
        Assert.Contains(ErrorCodes.UnknownField, codes);
        Assert.Contains(ErrorCodes.ModelNotFound, codes);
        Assert.Contains(ErrorCodes.PipelineCycle, codes);
        Assert.Contains(problem["problems"]!.AsArray(), p => (string?)p!["path"] == "steps[0].expr");
        await (await Http.GetAsync($"/api/v1/pipelines/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.PipelineNotFound);
    }

    [Fact]
    public async Task Every_version_is_kept_and_readable_and_an_unchanged_definition_adds_none()
    {
        var name = RestCalls.UniqueName("versions");
        Assert.Equal(1, (int?)(await Http.CreatePipeline(Simple(name)))["latestVersion"]);
        Assert.Equal(1, (int?)(await Http.CreatePipeline(Simple(name)))["latestVersion"]);
        Assert.Equal(2, (int?)(await Http.CreatePipeline(Simple(name, "X1 > 1")))["latestVersion"]);

        var versions = await (await Http.GetAsync($"/api/v1/pipelines/{name}/versions")).Content.ReadAsStringAsync();
        var second = await (await Http.GetAsync($"/api/v1/pipelines/{name}/versions/2")).Json();

        Assert.Equal(2, System.Text.Json.Nodes.JsonNode.Parse(versions)!.AsArray().Count);
        Assert.Equal("X1 > 1", (string?)second["definition"]!["steps"]![0]!["expr"]);
        await (await Http.GetAsync($"/api/v1/pipelines/{name}/versions/9")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.PipelineVersionNotFound);
        var list = await (await Http.GetAsync($"/api/v1/pipelines?q={name}")).Json();
        Assert.Equal([name], list["items"]!.AsArray().Select(p => (string?)p!["name"]));
    }

    [Fact]
    public async Task Illegal_lifecycle_commands_are_409_with_the_current_state_and_legal_ones_move_it()
    {
        var name = RestCalls.UniqueName("life");
        await Http.CreatePipeline(Simple(name));

        var resumeDraft = await (await Http.PostAsync($"/api/v1/pipelines/{name}/resume", null)).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.PipelineStateConflict);
        Assert.Equal("Draft", (string?)resumeDraft["target"]);
        await (await Http.Push(name, [PipelineCalls.Event("e1", null, """{"X1": 1}""")])).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.PipelineStateConflict);
        Assert.Equal("Running", (string?)(await Http.Command(name, "deploy"))["state"]);
        Assert.Equal("Paused", (string?)(await Http.Command(name, "pause"))["state"]);
        Assert.Equal("Paused", (string?)(await Http.Command(name, "pause"))["state"]);
        var deletePaused = await (await Http.DeleteAsync($"/api/v1/pipelines/{name}")).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.PipelineStateConflict);
        Assert.Equal("Paused", (string?)deletePaused["target"]);
        Assert.Equal("Running", (string?)(await Http.Command(name, "resume"))["state"]);
        Assert.Equal("Stopped", (string?)(await Http.Command(name, "stop"))["state"]);
        await (await Http.PostAsync($"/api/v1/pipelines/{name}/pause", null)).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.PipelineStateConflict);

        Assert.Equal(HttpStatusCode.NoContent, (await Http.DeleteAsync($"/api/v1/pipelines/{name}")).StatusCode);
        await (await Http.GetAsync($"/api/v1/pipelines/{name}")).AssertProblem(HttpStatusCode.NotFound, ErrorCodes.PipelineNotFound);
        var list = await (await Http.GetAsync($"/api/v1/pipelines?q={name}")).Json();
        Assert.Empty(list["items"]!.AsArray());
        // Every lifecycle change is audited (and so pushed on the notifications stream), the refused ones too.
        var actions = Audit.AuditLog.Actions(await Audit.AuditLog.Entries(Http, $"resource=pipelines/{name}"));
        Assert.Equal(
            ["pipeline.delete", "pipeline.pause", "pipeline.stop", "pipeline.resume", "pipeline.delete", "pipeline.pause", "pipeline.pause", "pipeline.deploy", "pipeline.resume", "pipeline.create"],
            actions);
    }

    [Fact]
    public async Task A_push_right_after_a_lifecycle_change_finds_the_new_state_though_its_silo_admits_from_lent_room()
    {
        var name = RestCalls.UniqueName("leased");
        await Http.CreatePipeline(Simple(name));
        await Http.Command(name, "deploy");
        async Task<string?> PushedState(string id)
        {
            var response = await Http.Push(name, [PipelineCalls.Event(id, null, """{"X1": 1}""")]);
            Assert.True(response.StatusCode == HttpStatusCode.Accepted, await response.Content.ReadAsStringAsync());
            return (string?)(await response.Json())["state"];
        }

        // The first push borrows room for the next ones; each lifecycle change takes it back before it returns.
        Assert.Equal("Running", await PushedState("e1"));
        Assert.Equal("Running", await PushedState("e2"));
        await Http.Command(name, "pause");
        Assert.Equal("Paused", await PushedState("e3"));
        await Http.Command(name, "resume");
        Assert.Equal("Running", await PushedState("e4"));
        await Http.Command(name, "stop");
        await (await Http.Push(name, [PipelineCalls.Event("e5", null, """{"X1": 1}""")])).AssertProblem(HttpStatusCode.Conflict, ErrorCodes.PipelineStateConflict);

        // Room lent and not used goes back: nothing stays in flight.
        var status = await Http.Settled(name, 4);
        Assert.Equal(4, (long?)status["counters"]!["in"]);
    }

    [Fact]
    public async Task A_push_beyond_the_in_flight_bound_is_429_naming_it_and_kept_events_of_a_stopped_pipeline_are_dead_letters()
    {
        var name = RestCalls.UniqueName("pressure");
        await Http.CreatePipeline(Simple(name));
        await Http.Command(name, "deploy");
        await Http.Command(name, "pause");

        await Http.Pushed(name, Enumerable.Range(0, PipelinesSilo.MaxInFlightEvents).Select(i => PipelineCalls.Event($"p{i}", $"k{i}", """{"X1": 1}""")));
        var refused = await (await Http.Push(name, [PipelineCalls.Event("one-more", null, """{"X1": 1}""")]))
            .AssertProblem(HttpStatusCode.TooManyRequests, ErrorCodes.TooManyRequests);

        Assert.Equal("Mle:Pipelines:MaxInFlightEvents", (string?)refused["limit"]!["setting"]);
        Assert.Equal(PipelinesSilo.MaxInFlightEvents, (int?)refused["limit"]!["value"]);
        await Http.Command(name, "stop");
        var status = await Http.Settled(name, PipelinesSilo.MaxInFlightEvents);
        Assert.Equal(PipelinesSilo.MaxInFlightEvents, (long?)status["counters"]!["deadLettered"]);
        var letters = await Http.DeadLetters(name);
        Assert.Equal(PipelinesSilo.MaxInFlightEvents, (int?)letters["totalCount"]);
        Assert.All(letters["items"]!.AsArray(), l => Assert.Equal(("source", ErrorCodes.PipelineStateConflict), ((string?)l!["step"], (string?)l["code"])));
    }
}
