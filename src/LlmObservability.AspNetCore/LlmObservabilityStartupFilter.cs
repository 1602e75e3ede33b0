using LlmObservability.Telemetry;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Authorization.Policy;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;
using Conventions = LlmObservability.Telemetry.SemanticConventions;

namespace LlmObservability.AspNetCore;

/// <summary>
/// Puts LlmObservability's middleware first in the pipeline: the Prometheus scraping endpoint, and the marker that
/// adds <c>llm.request</c> = <c>true</c> to the HTTP metrics of requests that called an LLM.
/// </summary>
internal sealed class LlmObservabilityStartupFilter(IOptions<LlmObservabilityOptions> options) : IStartupFilter
{
    public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
    {
        LlmPrometheusEndpointOptions endpoint = options.Value.PrometheusEndpoint;
        if (endpoint.Enabled)
        {
            MapScrapingEndpoint(app, endpoint);
        }

        app.Use(MarkLlmRequestsAsync);
        next(app);
    };

    private static void MapScrapingEndpoint(IApplicationBuilder app, LlmPrometheusEndpointOptions endpoint)
    {
        PathString path = new(endpoint.Path);
        int? port = endpoint.Port;
        string? policy = endpoint.AuthorizationPolicy;

        app.UseWhen(
            context => (HttpMethods.IsGet(context.Request.Method) || HttpMethods.IsHead(context.Request.Method))
                && context.Request.Path.Equals(path, StringComparison.OrdinalIgnoreCase)
                && (port is null || context.Connection.LocalPort == port),
            branch =>
            {
                if (policy is not null)
                {
                    branch.Use((context, next) => AuthorizeScrapeAsync(context, next, policy));
                }

                branch.UseOpenTelemetryPrometheusScrapingEndpoint(endpoint.Path);
            });
    }

    /// <summary>Authenticates the scraper with the default scheme and checks the policy, as endpoint authorization would.</summary>
    private static async Task AuthorizeScrapeAsync(HttpContext context, RequestDelegate next, string policyName)
    {
        IAuthorizationPolicyProvider policies = context.RequestServices.GetRequiredService<IAuthorizationPolicyProvider>();
        AuthorizationPolicy policy = await policies.GetPolicyAsync(policyName).ConfigureAwait(false)
            ?? throw new InvalidOperationException(
                $"The authorization policy '{policyName}' named by {LlmObservabilityDefaults.ConfigurationSectionName}:PrometheusEndpoint:AuthorizationPolicy " +
                "is not registered. Add it with AddAuthorization(options => options.AddPolicy(...)).");

        // Without UseAuthentication() before this middleware the request has no user yet, so a policy that names no
        // scheme is evaluated against the default scheme's result.
        if (policy.AuthenticationSchemes.Count == 0 && context.User.Identity?.IsAuthenticated != true)
        {
            AuthenticateResult result = await context.AuthenticateAsync().ConfigureAwait(false);
            if (result.Succeeded)
            {
                context.User = result.Principal;
            }
        }

        IPolicyEvaluator evaluator = context.RequestServices.GetRequiredService<IPolicyEvaluator>();
        AuthenticateResult authentication = await evaluator.AuthenticateAsync(policy, context).ConfigureAwait(false);
        PolicyAuthorizationResult authorization = await evaluator.AuthorizeAsync(policy, authentication, context, resource: null).ConfigureAwait(false);
        if (authorization.Succeeded)
        {
            await next(context).ConfigureAwait(false);
        }
        else if (authorization.Challenged)
        {
            await context.ChallengeAsync().ConfigureAwait(false);
        }
        else
        {
            await context.ForbidAsync().ConfigureAwait(false);
        }
    }

    private static async Task MarkLlmRequestsAsync(HttpContext context, RequestDelegate next)
    {
        LlmCallTracker.Marker marker = LlmCallTracker.Begin();
        try
        {
            await next(context).ConfigureAwait(false);
        }
        finally
        {
            if (marker.MadeLlmCall && context.Features.Get<IHttpMetricsTagsFeature>() is { } metricsTags)
            {
                metricsTags.Tags.Add(new(Conventions.Llm.HttpRequestMadeLlmCall, "true"));
            }
        }
    }
}
