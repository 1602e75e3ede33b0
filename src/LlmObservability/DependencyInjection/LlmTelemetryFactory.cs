using LlmObservability.Pricing;
using LlmObservability.Telemetry;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace LlmObservability;

/// <summary>Finds or creates the <see cref="LlmTelemetry"/> an instrumented client uses.</summary>
internal static class LlmTelemetryFactory
{
    public const string LoggerCategory = "LlmObservability";

    /// <summary>
    /// Returns the service provider's shared telemetry, or, when <paramref name="configure"/> changes settings for one
    /// client, a telemetry with a copy of the shared settings that shares the same instruments.
    /// </summary>
    public static LlmTelemetry Resolve(IServiceProvider? services, Action<LlmObservabilityOptions>? configure)
    {
        LlmTelemetry? shared = services?.GetService<LlmTelemetry>();
        if (configure is null && shared is not null)
        {
            return shared;
        }

        LlmObservabilityOptions options = shared?.Options.Clone() ?? new LlmObservabilityOptions();
        configure?.Invoke(options);
        ThrowIfInvalid(options);

        LlmInstruments instruments = services?.GetService<LlmInstruments>() ?? LlmInstruments.Shared;
        ILogger? logger = services?.GetService<ILoggerFactory>()?.CreateLogger(LoggerCategory);
        return new LlmTelemetry(instruments, options, new PricingCatalogSource(options, logger), logger);
    }

    /// <summary>Creates telemetry for a client built without dependency injection.</summary>
    public static LlmTelemetry CreateStandalone(LlmObservabilityOptions? options, ILoggerFactory? loggerFactory)
    {
        options ??= new LlmObservabilityOptions();
        ThrowIfInvalid(options);
        return new LlmTelemetry(
            LlmInstruments.Shared, options, PricingCatalogSource.Fixed(PricingCatalogFactory.Create(options)), loggerFactory?.CreateLogger(LoggerCategory));
    }

    private static void ThrowIfInvalid(LlmObservabilityOptions options)
    {
        ValidateOptionsResult result = new LlmObservabilityOptionsValidator().Validate(Options.DefaultName, options);
        if (result.Failed)
        {
            throw new OptionsValidationException(Options.DefaultName, typeof(LlmObservabilityOptions), result.Failures);
        }
    }
}
