using LlmObservability.Telemetry;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Http.Features;
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
            app.UseOpenTelemetryPrometheusScrapingEndpoint(endpoint.Path);
        }

        app.Use(MarkLlmRequestsAsync);
        next(app);
    };

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
