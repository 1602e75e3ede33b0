using LlmObservability;

namespace OpenTelemetry.Metrics;

/// <summary>Subscribes an OpenTelemetry meter provider to LlmObservability's metrics.</summary>
public static class LlmObservabilityMeterProviderBuilderExtensions
{
    /// <summary>Adds the <c>LlmObservability</c> meter: durations, token usage, cost and the counters.</summary>
    /// <param name="builder">The meter provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    /// <remarks>Histogram buckets come from the instruments' advice, so no view is needed.</remarks>
    public static MeterProviderBuilder AddLlmObservabilityInstrumentation(this MeterProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.AddMeter(LlmObservabilityDefaults.MeterName);
    }
}
