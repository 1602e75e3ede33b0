using System.Diagnostics;
using LlmObservability.Telemetry;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmObservability.Tests;

public sealed class PipelineTests
{
    private const string MicrosoftSource = "Experimental.Microsoft.Extensions.AI";

    [Fact]
    public async Task AlwaysOffSampler_StillRecordsTokensAndCost()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly, sampler: new AlwaysOffSampler());
        IChatClient client = harness.CreateClient(
            new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) });

        await client.GetResponseAsync(Responses.Prompt);

        harness.Spans.Should().BeEmpty();
        harness.TokensOfType("input").Should().Be(200);
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.00165, 1e-12);
    }

    [Fact]
    public async Task Sampler_SeesStartAttributes_SpanHasEachOnce()
    {
        TagRecordingSampler sampler = new();
        using TelemetryHarness harness = new(TestPrices.SonnetOnly, sampler: sampler);
        IChatClient client = harness.CreateClient(
            new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50) });

        await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = TestPrices.Sonnet });

        sampler.Tags.Should().Contain(new Dictionary<string, object?>
        {
            ["gen_ai.operation.name"] = "chat",
            ["gen_ai.request.model"] = TestPrices.Sonnet,
            ["gen_ai.provider.name"] = "anthropic",
            ["server.address"] = "api.anthropic.com",
            ["server.port"] = 443,
        });
        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.TagObjects.Select(t => t.Key).Should().OnlyHaveUniqueItems();
        span.GetTagItem("gen_ai.request.model").Should().Be(TestPrices.Sonnet);
        span.GetTagItem("llm.is_streaming").Should().Be(false);
    }

    [Fact]
    public async Task LegacySet_WritesEachAttributeOnce()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.AttributeSets = LlmAttributeSets.SemanticConventions | LlmAttributeSets.LegacyLlm;
        });
        IChatClient client = harness.CreateClient(
            new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) });

        await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = TestPrices.Sonnet });

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.TagObjects.Select(t => t.Key).Should().OnlyHaveUniqueItems();
        span.GetTagItem("llm.vendor").Should().Be("anthropic");
        span.GetTagItem("llm.request.model").Should().Be(TestPrices.Sonnet);
        span.GetTagItem("llm.response.model").Should().Be(TestPrices.Sonnet);
        span.GetTagItem("llm.usage.prompt_tokens").Should().Be(1200L);
        span.GetTagItem("llm.usage.completion_tokens").Should().Be(50L);
        span.GetTagItem("llm.latency").Should().BeOfType<double>();
        span.GetTagItem("gen_ai.cost.usd").Should().Be(0.00165);
        span.GetTagItem("llm.request.type").Should().BeNull("the TraceLoop set is off");
    }

    [Fact]
    public async Task OnlySavedCounterListened_StillRecorded()
    {
        ServiceCollection services = new();
        services.AddLlmObservability(TestPrices.SonnetOnly);
        using ServiceProvider provider = services.BuildServiceProvider();
        LlmTelemetry telemetry = provider.GetRequiredService<LlmTelemetry>();
        using MetricCollector<double> saved = new(telemetry.Instruments.UsageCostSaved);
        IChatClient client = new ChatClientBuilder(
                new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) })
            .UseLlmObservability()
            .Build(provider);

        await client.GetResponseAsync(Responses.Prompt);

        // No span listener and no other instrument is enabled; 1000 cached tokens save (3 - 0.3) USD per million.
        saved.RecordObservableInstruments();
        saved.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.0027, 1e-12);
    }

    [Fact]
    public async Task MicrosoftClientOutside_OneSpanWithBothAttributeSets()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly, traces: false);
        List<Activity> spans = [];
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicrosoftSource)
            .AddLlmObservabilityInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();
        IChatClient client = new ChatClientBuilder(
                new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) })
            .UseOpenTelemetry(sourceName: MicrosoftSource)
            .UseLlmObservability()
            .Build(harness.Services);

        await client.GetResponseAsync(Responses.Prompt);

        Activity span = spans.Should().ContainSingle().Subject;
        span.Source.Name.Should().Be(MicrosoftSource);
        span.GetTagItem("gen_ai.usage.input_tokens").Should().NotBeNull();
        ((double)span.GetTagItem("gen_ai.usage.cost")!).Should().BeApproximately(0.00165, 1e-12);
        span.GetTagItem("llm.request.type").Should().Be("chat");
        span.TagObjects.GroupBy(t => t.Key).Should().OnlyContain(g => g.Count() == 1, "no attribute may be written twice");
    }

    [Fact]
    public async Task MicrosoftClientInside_OneSpanOurMetricsAndWarning()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly, traces: false);
        List<Activity> spans = [];
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicrosoftSource)
            .AddLlmObservabilityInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();
        IChatClient client = new ChatClientBuilder(
                new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) })
            .UseLlmObservability()
            .UseOpenTelemetry(sourceName: MicrosoftSource)
            .Build(harness.Services);

        await client.GetResponseAsync(Responses.Prompt);

        spans.Should().ContainSingle().Which.Source.Name.Should().Be(MicrosoftSource);
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle();
        harness.LogProvider.Collector.GetSnapshot()
            .Should().ContainSingle(r => r.Level == LogLevel.Warning && r.Message.Contains("UseOpenTelemetry()", StringComparison.Ordinal));
    }

    [Fact]
    public async Task FunctionInvocation_EachRoundTripAndToolHasSpan()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        ToolCallingChatClient inner = new();
        IChatClient client = new ChatClientBuilder(inner)
            .UseFunctionInvocation()
            .UseLlmObservability()
            .Build(harness.Services);
        ChatOptions options = new() { Tools = [AIFunctionFactory.Create((string city) => $"Sunny in {city}", "get_weather")] };

        ChatResponse response = await client.GetResponseAsync(Responses.Prompt, options);

        response.Text.Should().Be("It is sunny.");
        harness.Spans.Where(s => s.DisplayName.StartsWith("chat", StringComparison.Ordinal)).Should().HaveCount(2);
        Activity tool = harness.Spans.Should().ContainSingle(s => s.DisplayName == "execute_tool get_weather").Subject;
        tool.Source.Name.Should().Be(LlmObservabilityDefaults.ActivitySourceName);
        harness.Spans.First().GetTagItem("gen_ai.tool.definitions").Should().Be("[{\"type\":\"function\",\"name\":\"get_weather\"}]");
    }

    /// <summary>Requests a tool call first, then returns text once the tool result is in the messages.</summary>
    private sealed class ToolCallingChatClient : IChatClient
    {
        public Task<ChatResponse> GetResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default)
        {
            bool hasResult = messages.Any(m => m.Contents.OfType<FunctionResultContent>().Any());
            ChatMessage message = hasResult
                ? new ChatMessage(ChatRole.Assistant, "It is sunny.")
                : new ChatMessage(ChatRole.Assistant, [new FunctionCallContent("call-1", "get_weather", new Dictionary<string, object?> { ["city"] = "Oslo" })]);
            return Task.FromResult(new ChatResponse(message)
            {
                ModelId = TestPrices.Sonnet,
                FinishReason = hasResult ? ChatFinishReason.Stop : ChatFinishReason.ToolCalls,
                Usage = new UsageDetails { InputTokenCount = 100, OutputTokenCount = 10 },
            });
        }

        public IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(ChatClientMetadata) ? new ChatClientMetadata("anthropic") : null;

        public void Dispose()
        {
        }
    }

    /// <summary>Records the attributes the SDK passes to the sampler, and samples everything.</summary>
    private sealed class TagRecordingSampler : Sampler
    {
        public Dictionary<string, object?> Tags { get; } = [];

        public override SamplingResult ShouldSample(in SamplingParameters samplingParameters)
        {
            foreach (KeyValuePair<string, object?> tag in samplingParameters.Tags ?? [])
            {
                Tags[tag.Key] = tag.Value;
            }

            return new SamplingResult(SamplingDecision.RecordAndSample);
        }
    }
}
