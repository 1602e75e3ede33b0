using BenchmarkDotNet.Attributes;
using LlmObservability.Benchmarks.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks;

/// <summary>One non-streaming chat call with a short prompt and content capture off.</summary>
public class ChatBenchmarks : ListenerBenchmarks
{
    private readonly ChatMessage[] _messages = [new(ChatRole.User, "Summarize Moby-Dick in one sentence.")];
    private readonly ChatOptions _options = new() { ModelId = FixedChatClient.ModelId };
    private ChatClientSet _clients = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartListeners();
        _clients = new ChatClientSet(new FixedChatClient(), captureContent: false);
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _clients.Dispose();
        StopListeners();
    }

    [Benchmark(Baseline = true)]
    public Task<ChatResponse> PassThrough() => _clients.PassThrough.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> OpenTelemetryChatClient() => _clients.Reference.GetResponseAsync(_messages, _options);

    [Benchmark]
    public Task<ChatResponse> LlmObservabilityChatClient() => _clients.Instrumented.GetResponseAsync(_messages, _options);
}
