using Microsoft.Extensions.AI;

namespace LlmObservability.Tests.Infrastructure;

/// <summary>Builds chat responses with usage for tests.</summary>
internal static class Responses
{
    public static ChatResponse WithUsage(string model, long input, long output, long? cached = null, long? reasoning = null) =>
        new(new ChatMessage(ChatRole.Assistant, "A summary."))
        {
            ModelId = model,
            ResponseId = "resp-1",
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails
            {
                InputTokenCount = input,
                OutputTokenCount = output,
                CachedInputTokenCount = cached,
                ReasoningTokenCount = reasoning,
            },
        };

    public static ChatMessage[] Prompt { get; } = [new(ChatRole.User, "Summarise the book.")];
}
