namespace LlmObservability;

/// <summary>Names under which LlmObservability publishes its telemetry.</summary>
public static class LlmObservabilityDefaults
{
    /// <summary>The name of the <see cref="System.Diagnostics.ActivitySource"/> that emits LLM spans.</summary>
    public const string ActivitySourceName = "LlmObservability";

    /// <summary>The name of the <see cref="System.Diagnostics.Metrics.Meter"/> that records LLM metrics.</summary>
    public const string MeterName = "LlmObservability";

    /// <summary>The configuration section that <see cref="LlmObservabilityOptions"/> is bound from.</summary>
    public const string ConfigurationSectionName = "LlmObservability";
}
