using LlmObservability;

namespace OpenTelemetry.Trace;

/// <summary>Subscribes an OpenTelemetry tracer provider to LlmObservability's spans.</summary>
public static class LlmObservabilityTracerProviderBuilderExtensions
{
    /// <summary>Adds the <c>LlmObservability</c> activity source, which emits LLM call and tool execution spans.</summary>
    /// <param name="builder">The tracer provider builder.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static TracerProviderBuilder AddLlmObservabilityInstrumentation(this TracerProviderBuilder builder)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.AddSource(LlmObservabilityDefaults.ActivitySourceName);
    }
}
