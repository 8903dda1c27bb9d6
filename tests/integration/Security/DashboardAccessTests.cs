using System.Net;
using Mle.Errors;
using Mle.Tests.Integration.Api;
using Mle.Tests.Integration.Infrastructure;

namespace Mle.Tests.Integration.Security;

/// <summary>Issue 7: the dashboard behind a sign-in page and a session cookie; /metrics behind a scrape key.</summary>
public sealed class DashboardAccessTests : IAsyncLifetime
{
    private const string MetricsKey = "scrape-0123456789abcdef0123456789abcdef";
    private TestSilo? _silo;

    private TestSilo Silo => _silo!;

    public async Task InitializeAsync() =>
        _silo = await TestSilo.StartAsync(new Dictionary<string, string?> { ["Mle:Security:MetricsKey"] = MetricsKey });

    public async Task DisposeAsync()
    {
        if (_silo is not null)
        {
            await _silo.DisposeAsync();
        }
    }

    /// <summary>A browser-like client: keeps cookies, does not follow redirects, sends no bearer credentials.</summary>
    private HttpClient Browser(CookieContainer? cookies = null) =>
        new(new HttpClientHandler { AllowAutoRedirect = false, CookieContainer = cookies ?? new CookieContainer(), UseCookies = true })
        {
            BaseAddress = Silo.BaseAddress,
        };

    private static FormUrlEncodedContent SignInForm(string key, string returnUrl = "/dashboard/") =>
        new(new Dictionary<string, string> { ["key"] = key, ["returnUrl"] = returnUrl });

    [Fact]
    public async Task The_dashboard_without_a_session_redirects_to_the_sign_in_page()
    {
        using var browser = Browser();
        using var response = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.StartsWith("/signin", response.Headers.Location!.PathAndQuery);

        using var page = await browser.GetAsync(response.Headers.Location);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Contains("<form method=\"post\" action=\"/signin\">", await page.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task Signing_in_with_an_admin_key_sets_an_http_only_strict_cookie_that_opens_the_dashboard()
    {
        var cookies = new CookieContainer();
        using var browser = Browser(cookies);
        using var signIn = await browser.PostAsync("/signin", SignInForm(Silo.AdminKey));

        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal("/dashboard/", signIn.Headers.Location!.OriginalString);
        var setCookie = Assert.Single(signIn.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("mle_session=", setCookie);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.DoesNotContain(Silo.AdminKey, setCookie);

        using var dashboard = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.OK, dashboard.StatusCode);
        // The session opens the dashboard, not the API: that still wants bearer credentials.
        await Keys.Unauthenticated(await browser.GetAsync("/api/v1/models"));

        using var signOut = await browser.PostAsync("/signout", null);
        using var after = await browser.GetAsync("/dashboard/");
        Assert.Equal(HttpStatusCode.Redirect, after.StatusCode);
    }

    [Fact]
    public async Task A_wrong_key_or_a_key_that_is_not_an_installation_admins_does_not_sign_in()
    {
        var (viewer, _) = await Keys.Create(Silo.Http, "viewer");
        var (otherAdmin, _) = await Keys.Create(Silo.Http, "admin", tenant: "acme");
        using var browser = Browser();

        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/signin", SignInForm("mle_nope_0123456789abcdef0123456789abcdef"))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/signin", SignInForm(viewer))).StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, (await browser.PostAsync("/signin", SignInForm(otherAdmin))).StatusCode);
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync("/dashboard/")).StatusCode);
    }

    [Theory]
    [InlineData("//evil.example/")]
    [InlineData("https://evil.example/")]
    [InlineData("/\\evil.example")]
    public async Task Sign_in_never_redirects_off_the_site(string returnUrl)
    {
        using var browser = Browser();
        using var signIn = await browser.PostAsync("/signin", SignInForm(Silo.AdminKey, returnUrl));
        Assert.Equal("/dashboard/", signIn.Headers.Location!.OriginalString);
    }

    [Fact]
    public async Task A_sign_in_link_works_once()
    {
        using var created = await Silo.Http.PostAsync("/signin/link", null);
        var link = (string)(await created.Json())["url"]!;
        using var browser = Browser();
        Assert.Equal(HttpStatusCode.Redirect, (await browser.GetAsync(link)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/dashboard/")).StatusCode);

        using var second = Browser();
        Assert.Equal(HttpStatusCode.Unauthorized, (await second.GetAsync(link)).StatusCode);
    }

    [Fact]
    public async Task Only_installation_admins_create_sign_in_links()
    {
        var (operatorKey, _) = await Keys.Create(Silo.Http, "operator");
        using var client = Silo.ClientWithKey(operatorKey);
        await (await client.PostAsync("/signin/link", null)).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        using var anonymous = Silo.ClientWithKey(null);
        await Keys.Unauthenticated(await anonymous.PostAsync("/signin/link", null));
    }

    [Fact]
    public async Task Metrics_need_the_scrape_key_or_an_installation_admins_key()
    {
        using var anonymous = Silo.ClientWithKey(null);
        await Keys.Unauthenticated(await anonymous.GetAsync("/metrics"));
        using var scraper = Silo.ClientWithKey(MetricsKey);
        Assert.Equal(HttpStatusCode.OK, (await scraper.GetAsync("/metrics")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await Silo.Http.GetAsync("/metrics")).StatusCode);
        var (viewer, _) = await Keys.Create(Silo.Http, "viewer");
        using var viewerClient = Silo.ClientWithKey(viewer);
        await (await viewerClient.GetAsync("/metrics")).AssertProblem(HttpStatusCode.Forbidden, ErrorCodes.Forbidden);
        using var wrong = Silo.ClientWithKey(MetricsKey + "x");
        await Keys.Unauthenticated(await wrong.GetAsync("/metrics"));
    }
}
