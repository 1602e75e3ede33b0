using Anthropic;
using LlmObservability.ProviderTests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.ProviderTests;

/// <summary>
/// Runs the official Anthropic .NET SDK, through its <c>AsIChatClient()</c>, against Messages API responses in
/// Anthropic's wire format, and checks the tokens and cost that LlmObservability records.
/// </summary>
/// <remarks>
/// Anthropic's <c>usage.input_tokens</c> excludes <c>cache_read_input_tokens</c> and
/// <c>cache_creation_input_tokens</c>, so the correct bill is input_tokens x input price + cache reads x cache-read
/// price + cache writes x cache-write price + output_tokens x output price. Anthropic SDK 13.15.0 adds the cache
/// counts back into <c>UsageDetails.InputTokenCount</c> (see <see cref="SdkUsageMappingTests"/>), and
/// <c>gen_ai.usage.input_tokens</c> is that sum.
/// </remarks>
public sealed class AnthropicProviderTests : IClassFixture<ReplayServerFixture>, IDisposable
{
    private const string Model = "claude-sonnet-4-5-20250929";

    private readonly ReplayServer _server;
    private TelemetryCapture? _capture;

    public AnthropicProviderTests(ReplayServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
    }

    public void Dispose() => _capture?.Dispose();

    [Fact]
    public async Task PromptCacheReadAndWrite_BilledOnce()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-prompt-cache.json"));
        IChatClient client = CaptureWithTestPrices().Instrument(CreateSdkChatClient());

        ChatResponse response = await client.GetResponseAsync("What does clause 7.2 say?");

        response.Text.Should().Be("Clause 7.2 caps liability at twelve months of fees.");
        _server.Requests.Should().ContainSingle().Which.Path.Should().Be("/v1/messages");

        // input_tokens 310, cache_read_input_tokens 4096, cache_creation_input_tokens 2048, output_tokens 180.
        // 310 x 3 + 4096 x 0.3 + 2048 x 3.75 + 180 x 15 = 930 + 1228.8 + 7680 + 2700 = 12538.8 USD per million tokens.
        _capture!.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "anthropic",
                ResponseModel = Model,
                CostModel = Model,
                InputTokens = 310 + 4096 + 2048,
                OutputTokens = 180,
                CacheReadTokens = 4096,
                CacheCreationTokens = 2048,
                ReasoningTokens = null,
                TokensByType = new Dictionary<string, long>
                {
                    ["input"] = 310, ["cache_read"] = 4096, ["cache_creation"] = 2048, ["output"] = 180,
                },
                CostByType = new Dictionary<string, double>
                {
                    ["input"] = 0.00093, ["cache_read"] = 0.0012288, ["cache_creation"] = 0.00768, ["output"] = 0.0027,
                },
                TotalCost = 0.0125388,
            },
            _server);
    }

    [Fact]
    public async Task ExtendedThinking_SplitFromVisibleOutput()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-extended-thinking.json"));
        IChatClient client = CaptureWithTestPrices().Instrument(CreateSdkChatClient());

        ChatResponse response = await client.GetResponseAsync("Which offer is cheaper?");

        response.Text.Should().Be("Offer B is cheaper by 1,800 EUR over three years.");

        // input_tokens 640 and no cache, output_tokens 2200 of which output_tokens_details.thinking_tokens 1800.
        // 640 x 3 + 400 x 15 + 1800 x 15 (no separate reasoning price) = 1920 + 6000 + 27000 = 34920 USD per million.
        _capture!.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "anthropic",
                ResponseModel = Model,
                CostModel = Model,
                InputTokens = 640,
                OutputTokens = 2200,
                CacheReadTokens = 0,
                CacheCreationTokens = null,
                ReasoningTokens = 1800,
                TokensByType = new Dictionary<string, long> { ["input"] = 640, ["output"] = 400, ["reasoning"] = 1800 },
                CostByType = new Dictionary<string, double> { ["input"] = 0.00192, ["output"] = 0.006, ["reasoning"] = 0.027 },
                TotalCost = 0.03492,
            },
            _server);
    }

    [Fact]
    public async Task Streaming_UsageSplitAcrossEvents_Priced()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-stream-usage-split.sse"));
        IChatClient client = CaptureWithTestPrices().Instrument(CreateSdkChatClient());

        string text = await ReadStreamAsync(client, "Why did the build fail?");

        text.Should().Be("The build failed because a test timed out.");
        _server.Requests.Should().ContainSingle().Which.Body.Should().Contain("\"stream\":true");

        // message_start: input_tokens 52, cache_creation_input_tokens 1024, cache_read_input_tokens 8192, output_tokens 1.
        // message_delta: output_tokens 240, the total for the message.
        // 52 x 3 + 8192 x 0.3 + 1024 x 3.75 + 240 x 15 = 156 + 2457.6 + 3840 + 3600 = 10053.6 USD per million tokens.
        _capture!.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "anthropic",
                ResponseModel = Model,
                CostModel = Model,
                InputTokens = 52 + 8192 + 1024,
                OutputTokens = 240,
                CacheReadTokens = 8192,
                CacheCreationTokens = 1024,
                ReasoningTokens = null,
                TokensByType = new Dictionary<string, long>
                {
                    ["input"] = 52, ["cache_read"] = 8192, ["cache_creation"] = 1024, ["output"] = 240,
                },
                CostByType = new Dictionary<string, double>
                {
                    ["input"] = 0.000156, ["cache_read"] = 0.00245760, ["cache_creation"] = 0.00384, ["output"] = 0.0036,
                },
                TotalCost = 0.0100536,
            },
            _server);
    }

    [Fact]
    public async Task Streaming_CumulativeMessageDelta_CountedOnce()
    {
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-stream-cumulative-delta.sse"));
        IChatClient client = CaptureWithTestPrices().Instrument(CreateSdkChatClient());

        string text = await ReadStreamAsync(client, "Does section 4 add anything?");

        text.Should().Be("Section 4 repeats the warranty terms of section 2.");

        // message_delta repeats the input and cache counts of message_start, which are cumulative, not increments:
        // input_tokens 18, cache_read_input_tokens 12000, output_tokens 75 in total.
        // 18 x 3 + 12000 x 0.3 + 75 x 15 = 54 + 3600 + 1125 = 4779 USD per million tokens.
        _capture!.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "anthropic",
                ResponseModel = Model,
                CostModel = Model,
                InputTokens = 18 + 12000,
                OutputTokens = 75,
                CacheReadTokens = 12000,
                CacheCreationTokens = null,
                ReasoningTokens = null,
                TokensByType = new Dictionary<string, long> { ["input"] = 18, ["cache_read"] = 12000, ["output"] = 75 },
                CostByType = new Dictionary<string, double> { ["input"] = 0.000054, ["cache_read"] = 0.0036, ["output"] = 0.001125 },
                TotalCost = 0.004779,
            },
            _server);
    }

    [Fact]
    public async Task OneHourCacheWrite_PricedAtOneHourRate()
    {
        // Configured prices have no 1-hour cache-write field, so this test uses the built-in catalogue:
        // claude-sonnet-4-5-20250929 costs 3 input, 15 output, 3.75 per 5-minute and 6 per 1-hour cache write.
        _capture = new TelemetryCapture(_ => { });
        _server.Enqueue(ReplayResponse.FromRecording("anthropic/message-one-hour-cache-write.json"));
        IChatClient client = _capture.Instrument(CreateSdkChatClient());

        await client.GetResponseAsync("How should headings be written?");

        // input_tokens 10, cache_creation_input_tokens 3000 (1000 five-minute and 2000 one-hour writes), output_tokens 500.
        // 10 x 3 + 1000 x 3.75 + 2000 x 6 + 500 x 15 = 30 + 3750 + 12000 + 7500 = 23280 USD per million tokens.
        _capture.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "anthropic",
                ResponseModel = Model,
                CostModel = Model,
                InputTokens = 10 + 3000,
                OutputTokens = 500,
                CacheReadTokens = 0,
                CacheCreationTokens = 3000,
                ReasoningTokens = null,
                TokensByType = new Dictionary<string, long> { ["input"] = 10, ["cache_creation"] = 3000, ["output"] = 500 },
                CostByType = new Dictionary<string, double> { ["input"] = 0.00003, ["cache_creation"] = 0.01575, ["output"] = 0.0075 },
                TotalCost = 0.02328,
            },
            _server);
    }

    [Fact]
    public async Task Streaming_OneHourCacheWrite_PricedAtOneHourRate()
    {
        // The built-in catalogue: claude-sonnet-4-5-20250929 costs 3 input, 0.3 cache read, 15 output, 3.75 per
        // 5-minute and 6 per 1-hour cache write.
        _capture = new TelemetryCapture(_ => { });
        ReplayResponse recording = ReplayResponse.FromRecording("anthropic/message-stream-usage-split.sse");
        const string FiveMinuteOnly = "\"ephemeral_5m_input_tokens\":1024,\"ephemeral_1h_input_tokens\":0";
        recording.Body.Should().Contain(FiveMinuteOnly);
        _server.Enqueue(recording with
        {
            Body = recording.Body.Replace(
                FiveMinuteOnly, "\"ephemeral_5m_input_tokens\":24,\"ephemeral_1h_input_tokens\":1000", StringComparison.Ordinal),
        });
        IChatClient client = _capture.Instrument(CreateSdkChatClient());

        await ReadStreamAsync(client, "Why did the build fail?");

        // cache_creation_input_tokens 1024: 24 five-minute and 1000 one-hour writes.
        // 52 x 3 + 8192 x 0.3 + 24 x 3.75 + 1000 x 6 + 240 x 15 = 156 + 2457.6 + 90 + 6000 + 3600 = 12303.6 USD per million.
        _capture.CallCost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.0123036, 1e-15);
        _capture.Spans.Should().ContainSingle().Which.GetTagItem("llm.cost.cache_creation").Should().Be(0.00609);
    }

    private TelemetryCapture CaptureWithTestPrices()
    {
        _capture = new TelemetryCapture(options =>
        {
            options.Pricing.UseBuiltInCatalog = false;
            options.Pricing.Models[Model] = new LlmModelPrice { Input = 3m, Output = 15m, CacheRead = 0.3m, CacheWrite = 3.75m };
        });
        return _capture;
    }

    private IChatClient CreateSdkChatClient()
    {
        // No retries, so a failed request fails the test at once instead of being sent again.
        AnthropicClient client = new() { ApiKey = "test", BaseUrl = _server.BaseAddress.ToString(), MaxRetries = 0 };
        return client.AsIChatClient(Model);
    }

    private static async Task<string> ReadStreamAsync(IChatClient client, string prompt)
    {
        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(prompt))
        {
            updates.Add(update);
        }

        return updates.ToChatResponse().Text;
    }
}
