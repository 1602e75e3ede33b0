using BenchmarkDotNet.Attributes;
using LlmObservability.Benchmarks.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks;

/// <summary>
/// One streaming chat call, read to the end: <see cref="ChunkCount"/> text updates, then one update with the usage.
/// Content capture is off. The difference between the two chunk counts gives the cost of each extra chunk.
/// </summary>
public class StreamingChatBenchmarks : ListenerBenchmarks
{
    private readonly ChatMessage[] _messages = [new(ChatRole.User, "Summarize Moby-Dick in one sentence.")];
    private readonly ChatOptions _options = new() { ModelId = FixedChatClient.ModelId };
    private ChatClientSet _clients = null!;

    [Params(16, 256)]
    public int ChunkCount { get; set; }

    [GlobalSetup]
    public void Setup()
    {
        StartListeners();
        _clients = new ChatClientSet(new FixedChatClient(ChunkCount), captureContent: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clients.Dispose();
        StopListeners();
    }

    [Benchmark(Baseline = true)]
    public ValueTask<int> PassThrough() => ReadToEndAsync(_clients.PassThrough);

    [Benchmark]
    public ValueTask<int> OpenTelemetryChatClient() => ReadToEndAsync(_clients.Reference);

    [Benchmark]
    public ValueTask<int> LlmObservabilityChatClient() => ReadToEndAsync(_clients.Instrumented);

    private async ValueTask<int> ReadToEndAsync(IChatClient client)
    {
        int count = 0;
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(_messages, _options).ConfigureAwait(false))
        {
            count += update.Contents.Count;
        }

        return count;
    }
}
