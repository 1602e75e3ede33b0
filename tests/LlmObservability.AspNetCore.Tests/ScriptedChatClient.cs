using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmObservability.AspNetCore.Tests;

/// <summary>An inner chat client that returns fixed text and the usage the request's model id selects.</summary>
internal sealed class ScriptedChatClient : IChatClient
{
    public int DisposeCalls { get; private set; }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        string model = options?.ModelId ?? "claude-3-5-sonnet-20241022";
        return Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "A summary."))
        {
            ModelId = model,
            FinishReason = ChatFinishReason.Stop,
            Usage = UsageFor(model),
        });
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        string model = options?.ModelId ?? "claude-3-5-sonnet-20241022";
        foreach (string word in new[] { "A ", "short ", "summary." })
        {
            await Task.Yield();
            yield return new ChatResponseUpdate(ChatRole.Assistant, word) { ModelId = model };
        }

        yield return new ChatResponseUpdate { Contents = [new UsageContent(UsageFor(model))], FinishReason = ChatFinishReason.Stop };
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType == typeof(ChatClientMetadata)
            ? new ChatClientMetadata("anthropic", new Uri("https://api.anthropic.com/v1"), "claude-3-5-sonnet-20241022")
            : serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose() => DisposeCalls++;

    // "invalid" reports more cached tokens than input tokens, which the library must clamp and count.
    private static UsageDetails UsageFor(string model) => model == "invalid-usage"
        ? new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5, CachedInputTokenCount = 50 }
        : new UsageDetails { InputTokenCount = 1200, OutputTokenCount = 50, CachedInputTokenCount = 1000 };
}
