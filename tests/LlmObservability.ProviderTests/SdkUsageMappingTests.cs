using System.ClientModel;
using System.ClientModel.Primitives;
using Anthropic;
using LlmObservability.ProviderTests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmObservability.ProviderTests;

/// <summary>
/// Pins down how each SDK's <c>IChatClient</c> maps the wire usage fields onto <see cref="UsageDetails"/>, without
/// LlmObservability in the pipeline. The cost tests depend on this mapping, so an SDK update that changes it fails
/// here first, with the field that moved.
/// </summary>
public sealed class SdkUsageMappingTests : IClassFixture<ReplayServerFixture>
{
    private readonly ReplayServer _server;

    public SdkUsageMappingTests(ReplayServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
    }

    [Fact]
    public async Task OpenAI_PromptTokensIncludeCachedTokens()
    {
        _server.Enqueue(ReplayResponse.FromRecording("openai/chat-completion-reasoning.json"));

        ChatResponse response = await CreateOpenAIChatClient("o3-mini").GetResponseAsync("Does the schedule fit?");

        // Wire: prompt_tokens 1200, cached_tokens 1024, completion_tokens 1800, reasoning_tokens 1536.
        UsageDetails usage = response.Usage!;
        usage.InputTokenCount.Should().Be(1200);
        usage.CachedInputTokenCount.Should().Be(1024);
        usage.OutputTokenCount.Should().Be(1800);
        usage.ReasoningTokenCount.Should().Be(1536);
        usage.AdditionalCounts.Should().NotContainKey("CacheCreationInputTokens");
    }

    [Fact]
    public async Task OpenAI_StreamReportsUsageOnce()
    {
        _server.Enqueue(ReplayResponse.FromRecording("openai/chat-completion-stream-usage-last.sse"));

        List<UsageDetails> usages = await CollectStreamUsageAsync(CreateOpenAIChatClient("gpt-4o"));

        UsageDetails usage = usages.Should().ContainSingle("only the final chunk carries usage").Subject;
        usage.InputTokenCount.Should().Be(1300);
        usage.CachedInputTokenCount.Should().Be(1024);
        usage.OutputTokenCount.Should().Be(42);
        usage.ReasoningTokenCount.Should().Be(0);
    }

    [Fact]
    public async Task Anthropic_InputTokenCountAddsCacheReadsAndWrites()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-prompt-cache.json"));

        ChatResponse response = await CreateAnthropicChatClient().GetResponseAsync("What does clause 7.2 say?");

        // Wire: input_tokens 310 (uncached only), cache_read_input_tokens 4096, cache_creation_input_tokens 2048.
        UsageDetails usage = response.Usage!;
        usage.InputTokenCount.Should().Be(310 + 4096 + 2048);
        usage.CachedInputTokenCount.Should().Be(4096);
        usage.AdditionalCounts.Should().ContainKey("CacheCreationInputTokens").WhoseValue.Should().Be(2048);
        usage.OutputTokenCount.Should().Be(180);
        usage.ReasoningTokenCount.Should().BeNull();
    }

    [Fact]
    public async Task Anthropic_ThinkingTokensBecomeReasoningTokens()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-extended-thinking.json"));

        ChatResponse response = await CreateAnthropicChatClient().GetResponseAsync("Which offer is cheaper?");

        // Wire: output_tokens 2200 of which output_tokens_details.thinking_tokens 1800.
        UsageDetails usage = response.Usage!;
        usage.OutputTokenCount.Should().Be(2200);
        usage.ReasoningTokenCount.Should().Be(1800);
    }

    [Fact]
    public async Task Anthropic_OneHourCacheWritesNotReportedSeparately()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-one-hour-cache-write.json"));

        ChatResponse response = await CreateAnthropicChatClient().GetResponseAsync("How should headings be written?");

        // Wire: cache_creation_input_tokens 3000, split by cache_creation into 1000 five-minute and 2000 one-hour writes.
        // The adapter reports only the total, so a client that reads UsageDetails cannot price the two lifetimes apart.
        UsageDetails usage = response.Usage!;
        usage.AdditionalCounts.Should().NotBeNull();
        usage.AdditionalCounts!.Keys.Should().Equal("CacheCreationInputTokens");
        usage.AdditionalCounts["CacheCreationInputTokens"].Should().Be(3000);
        response.RawRepresentation.Should().BeOfType<Anthropic.Models.Messages.Message>()
            .Which.Usage.CacheCreation!.Ephemeral1hInputTokens.Should().Be(2000);
    }

    [Theory]
    [InlineData("anthropic/message-stream-usage-split.sse")]
    [InlineData("anthropic/message-stream-cumulative-delta.sse")]
    public async Task Anthropic_StreamReportsUsageOnce(string recording)
    {
        _server.Enqueue(ReplayResponse.FromRecording(recording));

        List<UsageDetails> usages = await CollectStreamUsageAsync(CreateAnthropicChatClient());

        // The adapter merges message_start and message_delta into one UsageContent at the end of the stream.
        usages.Should().ContainSingle("one message was streamed");
    }

    private IChatClient CreateOpenAIChatClient(string model) =>
        new OpenAIClient(
                new ApiKeyCredential("test"),
                new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1"), RetryPolicy = new ClientRetryPolicy(0) })
            .GetChatClient(model)
            .AsIChatClient();

    private IChatClient CreateAnthropicChatClient() =>
        new AnthropicClient { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString(), MaxRetries = 0 }
            .AsIChatClient("claude-sonnet-4-5-20250929");

    private static async Task<List<UsageDetails>> CollectStreamUsageAsync(IChatClient client)
    {
        List<UsageDetails> usages = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("Summarise the report."))
        {
            usages.AddRange(update.Contents.OfType<UsageContent>().Select(content => content.Details));
        }

        return usages;
    }
}
