using LlmObservability;
using LlmObservability.Pricing;
using LlmObservability.Telemetry;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection.Extensions;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers LlmObservability's settings, pricing catalogue and instruments.</summary>
public static class LlmObservabilityServiceCollectionExtensions
{
    /// <summary>
    /// Adds the LlmObservability settings (bound from the <c>LlmObservability</c> configuration section when an
    /// <see cref="IConfiguration"/> is registered, and validated at start-up), the pricing catalogue and the meter.
    /// </summary>
    /// <param name="services">The service collection.</param>
    /// <param name="configure">An optional callback that changes settings after configuration is bound.</param>
    /// <returns>The same service collection, for chaining.</returns>
    /// <remarks>This does not instrument any client; use <c>UseLlmObservability()</c> on a client builder for that.</remarks>
    public static IServiceCollection AddLlmObservability(
        this IServiceCollection services, Action<LlmObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(services);

        if (!services.Any(static d => d.ServiceType == typeof(LlmTelemetry)))
        {
            services.AddOptions<LlmObservabilityOptions>().ValidateOnStart();
            services.AddSingleton<IConfigureOptions<LlmObservabilityOptions>>(static provider =>
                new ConfigureNamedOptions<LlmObservabilityOptions>(Options.Options.DefaultName, options =>
                    LlmObservabilityConfigurationBinder.Bind(provider.GetService<IConfiguration>(), options)));
            services.TryAddEnumerable(
                ServiceDescriptor.Singleton<IValidateOptions<LlmObservabilityOptions>, LlmObservabilityOptionsValidator>());

            services.AddMetrics();
            services.TryAddSingleton(static provider => new LlmInstruments(provider.GetRequiredService<System.Diagnostics.Metrics.IMeterFactory>()));
            services.TryAddSingleton(static provider => new PricingCatalogSource(
                provider.GetRequiredService<IOptions<LlmObservabilityOptions>>().Value,
                provider.GetService<ILoggerFactory>()?.CreateLogger(LlmTelemetryFactory.LoggerCategory)));
            services.TryAddTransient(static provider => provider.GetRequiredService<PricingCatalogSource>().Current);
            services.TryAddSingleton(static provider => new LlmTelemetry(
                provider.GetRequiredService<LlmInstruments>(),
                provider.GetRequiredService<IOptions<LlmObservabilityOptions>>().Value,
                provider.GetRequiredService<PricingCatalogSource>(),
                provider.GetService<ILoggerFactory>()?.CreateLogger(LlmTelemetryFactory.LoggerCategory)));
        }

        if (configure is not null)
        {
            services.Configure(configure);
        }

        return services;
    }
}
