using System.Runtime.CompilerServices;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests.Infrastructure;

/// <summary>An inner chat client that returns a scripted response or stream, or throws.</summary>
internal sealed class FakeChatClient : IChatClient
{
    public ChatClientMetadata Metadata { get; init; } = new("anthropic", new Uri("https://api.anthropic.com/v1"), "claude-3-5-sonnet-20241022");

    public ChatResponse? Response { get; init; }

    public Exception? Exception { get; init; }

    public IReadOnlyList<ChatResponseUpdate> Updates { get; init; } = [];

    /// <summary>Thrown after all <see cref="Updates"/> were yielded, when set.</summary>
    public Exception? StreamException { get; init; }

    public int Calls { get; private set; }

    /// <summary>Gets <see cref="System.Diagnostics.Activity.Current"/> as the last non-streaming call saw it.</summary>
    public System.Diagnostics.Activity? CurrentSpanDuringCall { get; private set; }

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
    {
        Calls++;
        CurrentSpanDuringCall = System.Diagnostics.Activity.Current;
        if (Exception is not null)
        {
            throw Exception;
        }

        return Task.FromResult(Response ?? new ChatResponse(new ChatMessage(ChatRole.Assistant, "ok")));
    }

    public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, [EnumeratorCancellation] CancellationToken cancellationToken = default)
    {
        Calls++;
        foreach (ChatResponseUpdate update in Updates)
        {
            await Task.Yield();
            cancellationToken.ThrowIfCancellationRequested();
            yield return update;
        }

        if (StreamException is not null)
        {
            throw StreamException;
        }
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is not null ? null :
        serviceType == typeof(ChatClientMetadata) ? Metadata :
        serviceType.IsInstanceOfType(this) ? this :
        null;

    public void Dispose()
    {
    }
}
