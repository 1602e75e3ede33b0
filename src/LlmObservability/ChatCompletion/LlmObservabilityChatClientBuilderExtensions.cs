using LlmObservability;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="LlmObservabilityChatClient"/> to a chat client pipeline.</summary>
public static class LlmObservabilityChatClientBuilderExtensions
{
    /// <summary>Adds LLM spans, token metrics and cost to the pipeline at this position.</summary>
    /// <param name="builder">The chat client builder.</param>
    /// <param name="configure">
    /// An optional callback that changes settings for this client only; it receives a copy of the settings registered
    /// with <c>AddLlmObservability()</c>, or the defaults when none are registered.
    /// </param>
    /// <returns>The same builder, for chaining.</returns>
    public static ChatClientBuilder UseLlmObservability(
        this ChatClientBuilder builder, Action<LlmObservabilityOptions>? configure = null)
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.Use((innerClient, services) =>
            new LlmObservabilityChatClient(innerClient, LlmTelemetryFactory.Resolve(services, configure), disposeInner: true));
    }
}
