using Microsoft.Extensions.Logging;

namespace LlmObservability.Telemetry;

/// <summary>Source-generated log messages. None of them carries prompt or completion text.</summary>
internal static partial class Log
{
    [LoggerMessage(1, LogLevel.Warning,
        "No price is known for the model '{Model}', so its calls are counted but not costed. " +
        "Add it under LlmObservability:Pricing:Models or map it with LlmObservability:Pricing:Aliases.")]
    public static partial void UnpricedModel(ILogger logger, string model);

    [LoggerMessage(2, LogLevel.Warning,
        "LLM telemetry failed in {Source}; the call itself was not affected. Later failures of this kind are counted " +
        "on llm.telemetry.errors without being logged.")]
    public static partial void TelemetryFailed(ILogger logger, string source, Exception exception);

    [LoggerMessage(3, LogLevel.Warning,
        "The chat client inside LlmObservabilityChatClient already emits spans (Microsoft.Extensions.AI " +
        "OpenTelemetryChatClient), so LlmObservability records metrics only and cost is not added to its spans. " +
        "To get cost on the spans, call UseOpenTelemetry() before UseLlmObservability() on the ChatClientBuilder, " +
        "so that Microsoft's client is outside ours, or remove UseOpenTelemetry().")]
    public static partial void InnerClientEmitsSpans(ILogger logger);

    [LoggerMessage(4, LogLevel.Warning,
        "The provider reported invalid token usage for model '{Model}' (negative counts, cache reads above input, or " +
        "reasoning above output); the counts were clamped and the cost is marked partial.")]
    public static partial void InvalidUsage(ILogger logger, string model);

    [LoggerMessage(5, LogLevel.Information, "Reloaded the pricing file '{File}': the catalogue now holds {Count} models.")]
    public static partial void PricingReloaded(ILogger logger, string file, int count);

    [LoggerMessage(6, LogLevel.Error,
        "Reloading the pricing file '{File}' failed, so the previous catalogue stays in force: {Reason} " +
        "Fix the file; it is read again on its next change.")]
    public static partial void PricingReloadFailed(ILogger logger, string file, string reason, Exception exception);
}
