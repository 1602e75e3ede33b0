using System.Net;
using System.Net.Sockets;
using System.Security.Claims;
using System.Text.Encodings.Web;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmObservability.AspNetCore.Tests;

public sealed class ScrapeEndpointOptionsTests
{
    [Fact]
    public async Task ManagementPort_ServesScrapeOnlyThere()
    {
        int appPort = FreePort();
        int managementPort = FreePort();
        await using TestApp app = await TestApp.StartAsync(
            builder =>
            {
                builder.WebHost.UseUrls($"http://127.0.0.1:{appPort}", $"http://127.0.0.1:{managementPort}");
                builder.AddLlmObservability(options => options.PrometheusEndpoint.Port = managementPort);
            });
        using HttpClient management = new() { BaseAddress = new Uri($"http://127.0.0.1:{managementPort}") };
        using HttpClient main = new() { BaseAddress = new Uri($"http://127.0.0.1:{appPort}") };

        (await management.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.OK);
        (await main.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.NotFound);
    }

    [Fact]
    public async Task AuthorizationPolicy_RejectsAnonymousScrape()
    {
        await using TestApp app = await StartWithPolicyAsync();

        (await app.Http.GetAsync("/metrics")).StatusCode.Should().Be(HttpStatusCode.Unauthorized);
    }

    [Fact]
    public async Task AuthorizationPolicy_AllowsScraperRole()
    {
        await using TestApp app = await StartWithPolicyAsync();
        using HttpRequestMessage request = new(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Test-Role", "scraper");

        (await app.Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    [Fact]
    public async Task AuthorizationPolicy_ForbidsOtherRole()
    {
        await using TestApp app = await StartWithPolicyAsync();
        using HttpRequestMessage request = new(HttpMethod.Get, "/metrics");
        request.Headers.Add("X-Test-Role", "reader");

        (await app.Http.SendAsync(request)).StatusCode.Should().Be(HttpStatusCode.Forbidden);
    }

    [Fact]
    public async Task PolicyWithoutAuthorization_FailsStartup()
    {
        Func<Task> start = () => TestApp.StartAsync(builder =>
            builder.AddLlmObservability(options => options.PrometheusEndpoint.AuthorizationPolicy = "nope"));

        await start.Should().ThrowAsync<InvalidOperationException>()
            .WithMessage("*LlmObservability:PrometheusEndpoint:AuthorizationPolicy is 'nope', but authorization is not set up*");
    }

    [Fact]
    public async Task Scrape_OnlyAnswersGetAndHead()
    {
        await using TestApp app = await TestApp.StartAsync(builder => builder.AddLlmObservability());

        (await app.Http.DeleteAsync("/metrics")).StatusCode.Should().NotBe(HttpStatusCode.OK);
        (await app.Http.SendAsync(new HttpRequestMessage(HttpMethod.Head, "/metrics"))).StatusCode.Should().Be(HttpStatusCode.OK);
    }

    private static Task<TestApp> StartWithPolicyAsync() => TestApp.StartAsync(builder =>
    {
        builder.Services.AddAuthentication("Test").AddScheme<AuthenticationSchemeOptions, HeaderRoleHandler>("Test", null);
        builder.Services.AddAuthorization(options => options.AddPolicy("metrics-scraper", policy => policy.RequireRole("scraper")));
        builder.AddLlmObservability(options => options.PrometheusEndpoint.AuthorizationPolicy = "metrics-scraper");
    });

    private static int FreePort()
    {
        using TcpListener listener = new(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    /// <summary>Authenticates a request that names its role in a header; no header means anonymous.</summary>
    private sealed class HeaderRoleHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            string? role = Request.Headers["X-Test-Role"];
            if (string.IsNullOrEmpty(role))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            ClaimsIdentity identity = new([new Claim(ClaimTypes.Name, "test"), new Claim(ClaimTypes.Role, role)], "Test");
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), "Test")));
        }
    }
}
