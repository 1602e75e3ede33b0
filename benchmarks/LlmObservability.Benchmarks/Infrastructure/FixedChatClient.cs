using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>
/// An in-process chat client that returns the same prebuilt response for every call, so that a benchmark measures
/// only the clients wrapped around it. Non-streaming calls allocate nothing, and each streaming call allocates one
/// enumerator whose every step completes synchronously.
/// </summary>
internal sealed class FixedChatClient : IChatClient
{
    public const string ModelId = "gpt-4o-mini";

    private readonly ChatClientMetadata _metadata =
        new(providerName: "openai", providerUri: new Uri("http://127.0.0.1:8080/v1"), defaultModelId: ModelId);

    private readonly Task<ChatResponse> _response;
    private readonly ChatResponseUpdate[] _updates;

    /// <summary>Initializes a client whose streaming response has <paramref name="textChunkCount"/> text updates.</summary>
    public FixedChatClient(int textChunkCount = 16)
    {
        _response = Task.FromResult(new ChatResponse(new ChatMessage(ChatRole.Assistant, "A fixed answer of a few words."))
        {
            ModelId = ModelId,
            ResponseId = "response-1",
            FinishReason = ChatFinishReason.Stop,
            Usage = CreateUsage(),
        });

        _updates = new ChatResponseUpdate[textChunkCount + 1];
        for (int i = 0; i < textChunkCount; i++)
        {
            _updates[i] = new ChatResponseUpdate(ChatRole.Assistant, "word ")
            {
                ModelId = ModelId,
                ResponseId = "response-1",
                MessageId = "message-1",
            };
        }

        _updates[textChunkCount] = new ChatResponseUpdate(ChatRole.Assistant, [new UsageContent(CreateUsage())])
        {
            ModelId = ModelId,
            ResponseId = "response-1",
            MessageId = "message-1",
            FinishReason = ChatFinishReason.Stop,
        };
    }

    /// <summary>Creates the token usage that every response reports: 1,200 input tokens, 1,000 of them cached, and 50 output tokens.</summary>
    public static UsageDetails CreateUsage() => new()
    {
        InputTokenCount = 1200,
        CachedInputTokenCount = 1000,
        OutputTokenCount = 50,
        TotalTokenCount = 1250,
    };

    public Task<ChatResponse> GetResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        _response;

    public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
        IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
        new UpdateSequence(_updates);

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(ChatClientMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }

    /// <summary>
    /// A sequence that is its own first enumerator, as compiler-generated async iterators are. Later enumerations get
    /// a fresh instance.
    /// </summary>
    private sealed class UpdateSequence(ChatResponseUpdate[] updates) : IAsyncEnumerable<ChatResponseUpdate>, IAsyncEnumerator<ChatResponseUpdate>
    {
        private int _index = -1;
        private int _enumerated;

        public ChatResponseUpdate Current => updates[_index];

        public IAsyncEnumerator<ChatResponseUpdate> GetAsyncEnumerator(CancellationToken cancellationToken = default) =>
            Interlocked.Exchange(ref _enumerated, 1) == 0 ? this : new UpdateSequence(updates).GetAsyncEnumerator(cancellationToken);

        public ValueTask<bool> MoveNextAsync()
        {
            if (_index + 1 >= updates.Length)
            {
                _index = updates.Length - 1;
                return new ValueTask<bool>(false);
            }

            _index++;
            return new ValueTask<bool>(true);
        }

        public ValueTask DisposeAsync() => default;
    }
}
