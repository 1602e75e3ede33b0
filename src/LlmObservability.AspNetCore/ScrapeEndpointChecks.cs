using Microsoft.AspNetCore.Authorization;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace LlmObservability.AspNetCore;

/// <summary>Start-up checks of the scraping endpoint's settings, so that a mistake shows before the first scrape.</summary>
internal static partial class ScrapeEndpointChecks
{
    private const string Section = LlmObservabilityDefaults.ConfigurationSectionName;

    /// <summary>Fails start-up when the configured authorization policy cannot be evaluated.</summary>
    public static async Task ThrowIfPolicyMissingAsync(IServiceProvider services, LlmPrometheusEndpointOptions endpoint)
    {
        if (endpoint.AuthorizationPolicy is not string policyName)
        {
            return;
        }

        IAuthorizationPolicyProvider? policies = services.GetService<IAuthorizationPolicyProvider>();
        if (policies is null)
        {
            throw new InvalidOperationException(
                $"{Section}:PrometheusEndpoint:AuthorizationPolicy is '{policyName}', but authorization is not set up. " +
                "Call AddAuthentication(...) and AddAuthorization(options => options.AddPolicy(...)), or remove the setting.");
        }

        if (await policies.GetPolicyAsync(policyName).ConfigureAwait(false) is null)
        {
            throw new InvalidOperationException(
                $"{Section}:PrometheusEndpoint:AuthorizationPolicy is '{policyName}', which is not a registered policy. " +
                "Add it with AddAuthorization(options => options.AddPolicy(...)) or fix the name.");
        }
    }

    /// <summary>Warns when an application endpoint has the scraping path, because the scrape endpoint handles the request first.</summary>
    public static void WarnIfPathShadowsRoute(IServiceProvider services, LlmPrometheusEndpointOptions endpoint, ILogger logger)
    {
        if (services.GetService<EndpointDataSource>() is not { } endpoints)
        {
            return;
        }

        string path = endpoint.Path.Trim('/');
        foreach (Endpoint candidate in endpoints.Endpoints)
        {
            if (candidate is RouteEndpoint route
                && string.Equals(route.RoutePattern.RawText?.Trim('/'), path, StringComparison.OrdinalIgnoreCase))
            {
                LogPathShadowsRoute(logger, endpoint.Path, route.DisplayName ?? route.RoutePattern.RawText ?? path);
                return;
            }
        }
    }

    /// <summary>Warns when the scraping endpoint is limited to a port the server does not listen on.</summary>
    public static void WarnIfPortNotListened(IServiceProvider services, LlmPrometheusEndpointOptions endpoint, ILogger logger)
    {
        if (endpoint.Port is not int port
            || services.GetService<IServer>()?.Features.Get<IServerAddressesFeature>() is not { } addresses
            || addresses.Addresses.Count == 0)
        {
            return;
        }

        foreach (string address in addresses.Addresses)
        {
            if (Uri.TryCreate(address.Replace("://+", "://localhost", StringComparison.Ordinal).Replace("://*", "://localhost", StringComparison.Ordinal), UriKind.Absolute, out Uri? uri)
                && uri.Port == port)
            {
                return;
            }
        }

        LogPortNotListened(logger, port, string.Join(", ", addresses.Addresses));
    }

    [LoggerMessage(20, LogLevel.Warning, "The Prometheus scraping path {Path} is also the route of the application endpoint '{Endpoint}'. GET and HEAD requests to it return metrics, not that endpoint. Change LlmObservability:PrometheusEndpoint:Path.")]
    private static partial void LogPathShadowsRoute(ILogger logger, string path, string endpoint);

    [LoggerMessage(21, LogLevel.Warning, "LlmObservability:PrometheusEndpoint:Port is {Port}, but the server listens only on {Addresses}, so /metrics cannot be scraped. Add the port to the server's URLs.")]
    private static partial void LogPortNotListened(ILogger logger, int port, string addresses);
}
