using System.Diagnostics;
using System.Diagnostics.Metrics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using OpenTelemetry;
using OpenTelemetry.Trace;

namespace LlmObservability.Tests;

/// <summary>
/// Runs the same calls through Microsoft.Extensions.AI's OpenTelemetryChatClient and through ours, and checks that we
/// emit every span attribute and metric (with its attribute keys) that Microsoft's client emits.
/// </summary>
public sealed class MicrosoftParityTests
{
    private const string MicrosoftSource = "Parity.Microsoft";

    public static TheoryData<bool, bool> Cases { get; } = new()
    {
        { false, false },
        { false, true },
        { true, false },
        { true, true },
    };

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SameCall_OurSpanHasEveryMicrosoftAttribute(bool streaming, bool captureContent)
    {
        Activity microsoft = await RunAsync(useMicrosoft: true, streaming, captureContent);
        Activity ours = await RunAsync(useMicrosoft: false, streaming, captureContent);

        microsoft.DisplayName.Should().Be(ours.DisplayName);
        ours.Kind.Should().Be(microsoft.Kind);
        ours.TagObjects.Select(t => t.Key).Should().Contain(microsoft.TagObjects.Select(t => t.Key));
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public async Task SameCall_OurMetricsCoverMicrosoftMetrics(bool streaming, bool captureContent)
    {
        Dictionary<string, HashSet<string>> microsoft = await CollectMetricsAsync(useMicrosoft: true, streaming, captureContent);
        Dictionary<string, HashSet<string>> ours = await CollectMetricsAsync(useMicrosoft: false, streaming, captureContent);

        microsoft.Should().NotBeEmpty();
        foreach ((string instrument, HashSet<string> tagKeys) in microsoft)
        {
            ours.Should().ContainKey(instrument);
            ours[instrument].Should().Contain(tagKeys, $"{instrument} must carry Microsoft's attributes");
        }
    }

    private static IChatClient CreatePipeline(TelemetryHarness harness, bool useMicrosoft, bool captureContent)
    {
        ChatClientBuilder builder = new(new FakeChatClient
        {
            Metadata = new ChatClientMetadata("openai", new Uri("https://api.openai.com/v1"), "gpt-4o"),
            Response = Response(),
            Updates = [new ChatResponseUpdate(ChatRole.Assistant, "Hello") { ModelId = "gpt-4o-2024-08-06", ResponseId = "resp-9" }, FinalUpdate()],
        });

        return useMicrosoft
            ? builder.UseOpenTelemetry(sourceName: MicrosoftSource, configure: c => c.EnableSensitiveData = captureContent).Build(harness.Services)
            : builder.UseLlmObservability(o => o.CaptureMessageContent = captureContent).Build(harness.Services);
    }

    private static async Task<Activity> RunAsync(bool useMicrosoft, bool streaming, bool captureContent)
    {
        using TelemetryHarness harness = new(traces: false);
        List<Activity> spans = [];
        using TracerProvider tracing = Sdk.CreateTracerProviderBuilder()
            .AddSource(MicrosoftSource)
            .AddLlmObservabilityInstrumentation()
            .AddInMemoryExporter(spans)
            .Build();

        await CallAsync(CreatePipeline(harness, useMicrosoft, captureContent), streaming);

        return spans.Should().ContainSingle().Subject;
    }

    private static async Task<Dictionary<string, HashSet<string>>> CollectMetricsAsync(bool useMicrosoft, bool streaming, bool captureContent)
    {
        using TelemetryHarness harness = new(traces: false);
        Dictionary<string, HashSet<string>> seen = [];
        string meterName = useMicrosoft ? MicrosoftSource : LlmObservabilityDefaults.MeterName;
        using MeterListener listener = new();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == meterName)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
        {
            HashSet<string> keys = seen.TryGetValue(instrument.Name, out HashSet<string>? existing) ? existing : seen[instrument.Name] = [];
            foreach (KeyValuePair<string, object?> tag in tags)
            {
                keys.Add(tag.Key);
            }
        }

        listener.SetMeasurementEventCallback<double>((i, _, tags, _) => Record(i, tags));
        listener.SetMeasurementEventCallback<long>((i, _, tags, _) => Record(i, tags));
        listener.SetMeasurementEventCallback<int>((i, _, tags, _) => Record(i, tags));
        listener.Start();

        await CallAsync(CreatePipeline(harness, useMicrosoft, captureContent), streaming);

        return seen;
    }

    private static async Task CallAsync(IChatClient client, bool streaming)
    {
        ChatMessage[] messages = [new(ChatRole.System, "Be brief."), new(ChatRole.User, "Summarise the book.")];
        ChatOptions options = new()
        {
            ModelId = "gpt-4o",
            Instructions = "Answer in English.",
            ConversationId = "conv-1",
            Temperature = 0.2f,
            TopP = 0.9f,
            TopK = 40,
            MaxOutputTokens = 200,
            FrequencyPenalty = 0.1f,
            PresencePenalty = 0.3f,
            Seed = 7,
            StopSequences = ["END"],
            ResponseFormat = ChatResponseFormat.Json,
            Tools = [AIFunctionFactory.Create((string city) => city, "get_weather", "Gets the weather.")],
            AdditionalProperties = new() { ["service_tier"] = "default" },
        };

        if (streaming)
        {
            await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(messages, options))
            {
            }
        }
        else
        {
            await client.GetResponseAsync(messages, options);
        }
    }

    private static ChatResponse Response() =>
        new(new ChatMessage(ChatRole.Assistant, "Hello"))
        {
            ModelId = "gpt-4o-2024-08-06",
            ResponseId = "resp-9",
            FinishReason = ChatFinishReason.Stop,
            Usage = Usage(),
        };

    private static ChatResponseUpdate FinalUpdate() =>
        new() { Contents = [new UsageContent(Usage())], FinishReason = ChatFinishReason.Stop };

    private static UsageDetails Usage() =>
        new() { InputTokenCount = 2006, OutputTokenCount = 300, CachedInputTokenCount = 1920, ReasoningTokenCount = 100 };
}
