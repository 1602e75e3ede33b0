using System.ClientModel;
using System.ClientModel.Primitives;
using System.Text.Json;
using System.Text.RegularExpressions;
using LlmObservability.ProviderTests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenAI;

namespace LlmObservability.ProviderTests;

/// <summary>
/// Runs the OpenAI .NET SDK, through Microsoft.Extensions.AI.OpenAI's <c>AsIChatClient()</c>, against chat completion
/// responses in OpenAI's wire format, and checks the tokens and cost that LlmObservability records.
/// </summary>
/// <remarks>
/// OpenAI's <c>usage.prompt_tokens</c> includes <c>prompt_tokens_details.cached_tokens</c>, and
/// <c>usage.completion_tokens</c> includes <c>completion_tokens_details.reasoning_tokens</c>. Prices are set in the test
/// (USD per million tokens), so the expected costs do not depend on the built-in catalogue.
/// </remarks>
public sealed class OpenAIProviderTests : IClassFixture<ReplayServerFixture>, IDisposable
{
    private readonly ReplayServer _server;
    private readonly TelemetryCapture _capture;

    public OpenAIProviderTests(ReplayServerFixture fixture)
    {
        _server = fixture.Server;
        _server.Reset();
        _capture = new TelemetryCapture(options =>
        {
            options.Pricing.UseBuiltInCatalog = false;
            options.Pricing.Models["gpt-4o"] = new LlmModelPrice { Input = 2.5m, Output = 10m, CacheRead = 1.25m };
            options.Pricing.Models["o3-mini"] = new LlmModelPrice { Input = 1.1m, Output = 4.4m, CacheRead = 0.55m };
        });
    }

    public void Dispose() => _capture.Dispose();

    [Fact]
    public async Task CachedPromptTokens_PricedAtCacheReadRate()
    {
        _server.Enqueue(ReplayResponse.FromRecording("openai/chat-completion-cached-input.json"));
        IChatClient client = _capture.Instrument(CreateSdkChatClient("gpt-4o"));

        ChatResponse response = await client.GetResponseAsync("What is the invoice total?");

        response.Text.Should().Be("The invoice total is 1,240.50 EUR, due on 15 January.");
        RecordedRequest request = _server.Requests.Should().ContainSingle().Subject;
        request.Path.Should().Be("/v1/chat/completions");

        // prompt_tokens 2048 of which cached_tokens 1536, completion_tokens 96 of which reasoning_tokens 0.
        // 512 x 2.5 + 1536 x 1.25 + 96 x 10 = 1280 + 1920 + 960 = 4160 USD per million tokens.
        _capture.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "openai",
                ResponseModel = "gpt-4o-2024-08-06",
                CostModel = "gpt-4o",
                InputTokens = 2048,
                OutputTokens = 96,
                CacheReadTokens = 1536,
                CacheCreationTokens = null,
                ReasoningTokens = 0,
                TokensByType = new Dictionary<string, long> { ["input"] = 512, ["cache_read"] = 1536, ["output"] = 96 },
                CostByType = new Dictionary<string, double> { ["input"] = 0.00128, ["cache_read"] = 0.00192, ["output"] = 0.00096 },
                TotalCost = 0.00416,
            },
            _server);
    }

    [Fact]
    public async Task ReasoningTokens_SplitFromVisibleOutput()
    {
        _server.Enqueue(ReplayResponse.FromRecording("openai/chat-completion-reasoning.json"));
        IChatClient client = _capture.Instrument(CreateSdkChatClient("o3-mini"));

        ChatResponse response = await client.GetResponseAsync("Does the schedule fit?");

        response.Text.Should().Be("The schedule fits: task B starts after task A ends at 14:00.");

        // prompt_tokens 1200 of which cached_tokens 1024, completion_tokens 1800 of which reasoning_tokens 1536.
        // 176 x 1.1 + 1024 x 0.55 + 264 x 4.4 + 1536 x 4.4 (no separate reasoning price)
        // = 193.6 + 563.2 + 1161.6 + 6758.4 = 8676.8 USD per million tokens.
        _capture.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "openai",
                ResponseModel = "o3-mini-2025-01-31",
                CostModel = "o3-mini",
                InputTokens = 1200,
                OutputTokens = 1800,
                CacheReadTokens = 1024,
                CacheCreationTokens = null,
                ReasoningTokens = 1536,
                TokensByType = new Dictionary<string, long>
                {
                    ["input"] = 176, ["cache_read"] = 1024, ["output"] = 264, ["reasoning"] = 1536,
                },
                CostByType = new Dictionary<string, double>
                {
                    ["input"] = 0.0001936, ["cache_read"] = 0.0005632, ["output"] = 0.0011616, ["reasoning"] = 0.0067584,
                },
                TotalCost = 0.0086768,
            },
            _server);
    }

    [Fact]
    public async Task Streaming_UsageInFinalChunk_Priced()
    {
        _server.Enqueue(ReplayResponse.FromRecording("openai/chat-completion-stream-usage-last.sse"));
        IChatClient client = _capture.Instrument(CreateSdkChatClient("gpt-4o"));

        List<ChatResponseUpdate> updates = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("How many parcels are left?"))
        {
            updates.Add(update);
        }

        updates.ToChatResponse().Text.Should().Be("Three parcels left the depot today.");

        // The SDK requests the usage chunk itself. Without stream_options.include_usage the stream would carry no usage.
        RecordedRequest request = _server.Requests.Should().ContainSingle().Subject;
        using JsonDocument body = JsonDocument.Parse(request.Body);
        body.RootElement.GetProperty("stream").GetBoolean().Should().BeTrue();
        body.RootElement.GetProperty("stream_options").GetProperty("include_usage").GetBoolean().Should().BeTrue();

        // Final chunk: prompt_tokens 1300 of which cached_tokens 1024, completion_tokens 42.
        // 276 x 2.5 + 1024 x 1.25 + 42 x 10 = 690 + 1280 + 420 = 2390 USD per million tokens.
        _capture.ShouldHaveRecorded(
            new ExpectedCall
            {
                ProviderName = "openai",
                ResponseModel = "gpt-4o-2024-08-06",
                CostModel = "gpt-4o",
                InputTokens = 1300,
                OutputTokens = 42,
                CacheReadTokens = 1024,
                CacheCreationTokens = null,
                ReasoningTokens = 0,
                TokensByType = new Dictionary<string, long> { ["input"] = 276, ["cache_read"] = 1024, ["output"] = 42 },
                CostByType = new Dictionary<string, double> { ["input"] = 0.00069, ["cache_read"] = 0.00128, ["output"] = 0.00042 },
                TotalCost = 0.00239,
            },
            _server);
    }

    [Fact]
    public async Task NonStreamingPriorityTier_SdkReportsDefault()
    {
        // NOTE: OpenAI .NET SDK 2.15.0 reads the service_tier of a non-streaming chat completion as "default" for
        // "priority" and "flex", so such calls are priced at the standard rates. When this test fails, the SDK
        // reports the tier and the call is priced at 4.25 input, 2.125 cache read and 17 output (0.007072 USD).
        using TelemetryCapture capture = new(_ => { });
        EnqueueWithServiceTier("openai/chat-completion-cached-input.json", "priority");
        IChatClient client = capture.Instrument(CreateSdkChatClient("gpt-4o"));

        await client.GetResponseAsync("What is the invoice total?");

        // 512 x 2.5 + 1536 x 1.25 + 96 x 10 = 4160 USD per million tokens, the standard rates.
        _server.Requests.Should().ContainSingle();
        capture.CallCost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(0.00416);
        capture.Spans.Should().ContainSingle().Which.GetTagItem("gen_ai.usage.cost").Should().Be(0.00416);
    }

    [Fact]
    public async Task Streaming_PriorityTier_PricedAtTierRates()
    {
        // The built-in gpt-4o entry prices the priority tier at 4.25 input, 2.125 cache read and 17 output.
        using TelemetryCapture capture = new(_ => { });
        EnqueueWithServiceTier("openai/chat-completion-stream-usage-last.sse", "priority");
        IChatClient client = capture.Instrument(CreateSdkChatClient("gpt-4o"));

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync("How many parcels are left?"))
        {
            update.Should().NotBeNull();
        }

        // 276 x 4.25 + 1024 x 2.125 + 42 x 17 = 1173 + 2176 + 714 = 4063 USD per million tokens.
        capture.CallCost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(0.004063);
    }

    [Fact]
    public async Task DefaultServiceTier_PricedAtStandardRates()
    {
        using TelemetryCapture capture = new(_ => { });
        EnqueueWithServiceTier("openai/chat-completion-cached-input.json", "default");
        IChatClient client = capture.Instrument(CreateSdkChatClient("gpt-4o"));

        await client.GetResponseAsync("What is the invoice total?");

        // 512 x 2.5 + 1536 x 1.25 + 96 x 10 = 4160 USD per million tokens.
        capture.CallCost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(0.00416);
    }

    /// <summary>Queues a recording with <c>service_tier</c> added to its response objects, after their model.</summary>
    private void EnqueueWithServiceTier(string recordingPath, string tier)
    {
        ReplayResponse recording = ReplayResponse.FromRecording(recordingPath);
        string body = Regex.Replace(
            recording.Body, "(\"model\":\\s*\"gpt-4o-2024-08-06\",)", $"$1\"service_tier\":\"{tier}\",");
        body.Should().Contain($"\"service_tier\":\"{tier}\"", "the recording must name the model the tier is added after");
        _server.Enqueue(recording with { Body = body });
    }

    private IChatClient CreateSdkChatClient(string model)
    {
        // No retries, so a failed request fails the test at once instead of being sent again.
        OpenAIClient client = new(
            new ApiKeyCredential("test"),
            new OpenAIClientOptions { Endpoint = new Uri(_server.BaseAddress, "/v1"), RetryPolicy = new ClientRetryPolicy(0) });
        return client.GetChatClient(model).AsIChatClient();
    }
}
