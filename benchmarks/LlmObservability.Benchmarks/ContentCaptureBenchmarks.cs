using BenchmarkDotNet.Attributes;
using LlmObservability.Benchmarks.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks;

/// <summary>
/// One non-streaming chat call with a 1,024-character prompt and content capture on: <c>CaptureMessageContent</c> on
/// LlmObservability and <c>EnableSensitiveData</c> on Microsoft's client. Content is written only to sampled spans,
/// so the modes without traces show the cost of the capture checks alone.
/// </summary>
public class ContentCaptureBenchmarks : ListenerBenchmarks
{
    private const int PromptLength = 1024;

    private readonly ChatMessage[] _messages = [new(ChatRole.User, CreatePrompt())];
    private readonly ChatOptions _options = new() { ModelId = FixedChatClient.ModelId };
    private ChatClientSet _clients = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartListeners();
        _clients = new ChatClientSet(new FixedChatClient(), captureContent: true);
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

    /// <summary>Creates an ASCII prompt of exactly <see cref="PromptLength"/> characters.</summary>
    private static string CreatePrompt()
    {
        const string sentence = "Summarize the plot of the chapter and list every character who appears in it. ";
        string text = string.Concat(Enumerable.Repeat(sentence, (PromptLength / sentence.Length) + 1));
        return text[..PromptLength];
    }
}
