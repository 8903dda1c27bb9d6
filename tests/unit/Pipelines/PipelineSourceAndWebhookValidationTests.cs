using Microsoft.Extensions.Options;
using Mle.Errors;
using Mle.Pipelines;
using Mle.Serving.Expressions;

namespace Mle.Tests.Unit.Pipelines;

/// <summary>Issue 9: what a pipeline may read (a source namespace of its own) and where its webhooks may post.</summary>
public sealed class PipelineSourceAndWebhookValidationTests
{
    private readonly TableCatalog _catalog = new();

    private static PipelineValidator Validator(params string[]? webhookHosts) =>
        new(new ExpressionCompiler(), Options.Create(new PipelinesOptions { WebhookAllowedHosts = webhookHosts }));

    private static string Pipeline(string source, string url = "http://127.0.0.1:9000/hook") =>
        $$$"""
        {"name": "p", "source": {{{source}}},
         "steps": [{"name": "double", "type": "map", "set": {"Y": "A * 2"}}, {"name": "out", "type": "sink", "to": "webhook", "url": "{{{url}}}"}]}
        """;

    private const string Schema = """ "schema": {"A": "float"} """;

    [Theory]
    [InlineData("events")]
    [InlineData("pipelines")]
    [InlineData("predictions")]
    [InlineData("notifications")]
    [InlineData("deadletters")]
    public async Task A_stream_source_on_one_of_the_platforms_own_namespaces_is_refused_naming_the_prefix(string ns)
    {
        var validation = await Validator(null).Validate(Pipeline($$"""{"type": "stream", "namespace": "{{ns}}", {{Schema}}}"""), "acme", _catalog);

        var problem = Assert.Single(validation.Problems);
        Assert.Equal(("source.namespace", ErrorCodes.InvalidRequest), (problem.Path, problem.Code));
        Assert.Contains("platform's own", problem.Message, StringComparison.Ordinal);
        Assert.Contains($"'{PipelineSourceStreams.Prefix}{ns}'", problem.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_stream_source_without_the_prefix_is_refused_and_one_with_it_is_valid()
    {
        var unprefixed = await Validator(null).Validate(Pipeline($$"""{"type": "stream", "namespace": "transactions", {{Schema}}}"""), "acme", _catalog);
        var prefixed = await Validator(null).Validate(Pipeline($$"""{"type": "stream", "namespace": "input.transactions", {{Schema}}}"""), "acme", _catalog);
        var bare = await Validator(null).Validate(Pipeline($$"""{"type": "stream", "namespace": "input.", {{Schema}}}"""), "acme", _catalog);

        Assert.Equal("source.namespace", Assert.Single(unprefixed.Problems).Path);
        Assert.Empty(prefixed.Problems);
        Assert.NotNull(prefixed.Plan);
        Assert.Equal("source.namespace", Assert.Single(bare.Problems).Path);
    }

    [Fact]
    public async Task A_stream_sink_into_a_source_namespace_is_refused()
    {
        const string definition = """
            {"name": "p", "source": {"type": "rest", "schema": {"A": "float"}},
             "steps": [{"name": "out", "type": "sink", "to": "stream", "namespace": "input.loop"}]}
            """;

        var validation = await Validator(null).Validate(definition, "acme", _catalog);

        Assert.Equal("steps[0].namespace", Assert.Single(validation.Problems).Path);
    }

    [Fact]
    public async Task Without_an_allowlist_a_webhook_may_post_to_any_host()
    {
        var validation = await Validator(null).Validate(Pipeline($$"""{"type": "rest", {{Schema}}}""", "https://hooks.example.com/in"), "acme", _catalog);

        Assert.Empty(validation.Problems);
    }

    [Fact]
    public async Task A_webhook_to_a_host_the_allowlist_does_not_name_is_refused_naming_the_step_the_host_and_the_setting()
    {
        var validation = await Validator("hooks.example.com").Validate(Pipeline($$"""{"type": "rest", {{Schema}}}""", "http://169.254.169.254/latest"), "acme", _catalog);

        var problem = Assert.Single(validation.Problems);
        Assert.Equal(("steps[1].url", ErrorCodes.InvalidRequest), (problem.Path, problem.Code));
        Assert.Contains("'out'", problem.Message, StringComparison.Ordinal);
        Assert.Contains("169.254.169.254", problem.Message, StringComparison.Ordinal);
        Assert.Contains("Mle:Pipelines:WebhookAllowedHosts", problem.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("https://hooks.example.com/in", true)]
    [InlineData("http://HOOKS.example.com:8080/in", true)]
    [InlineData("https://a.internal.example.org/in", true)]
    [InlineData("https://internal.example.org/in", false)]
    [InlineData("http://127.0.0.1:9000/hook", true)]
    [InlineData("http://[::1]:9000/hook", true)]
    [InlineData("http://10.0.0.8/hook", false)]
    [InlineData("https://example.com/in", false)]
    [InlineData("ftp://hooks.example.com/in", false)]
    [InlineData("file:///etc/passwd", false)]
    public void The_allowlist_takes_exact_hosts_addresses_and_subdomain_wildcards(string url, bool allowed)
    {
        string[] hosts = ["hooks.example.com", "*.internal.example.org", "127.0.0.1", "::1"];

        Assert.Equal(allowed, WebhookHosts.Allows(hosts, new Uri(url)));
    }

    [Fact]
    public void A_star_allows_every_http_host_and_no_list_allows_every_host_but_never_another_scheme()
    {
        Assert.True(WebhookHosts.Allows(["*"], new Uri("https://anything.example.net/x")));
        Assert.True(WebhookHosts.Allows(null, new Uri("http://anything.example.net/x")));
        Assert.False(WebhookHosts.Allows(null, new Uri("ftp://anything.example.net/x")));
        Assert.False(WebhookHosts.Allows([], new Uri("http://127.0.0.1/x")));
    }

    [Theory]
    [InlineData("acme", "acme")]
    [InlineData("acme/partition-3", "acme")]
    [InlineData("acme/a/b", "acme")]
    public void A_source_streams_tenant_is_the_first_segment_of_its_key(string key, string tenant) =>
        Assert.Equal(tenant, PipelineSourceStreams.TenantOf(key));
}
