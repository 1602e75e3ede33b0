using System.Diagnostics;
using System.Text.Json;
using LlmObservability.Telemetry;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

public sealed class ContentCaptureTests
{
    private const string Canary = "CANARY-7f3a9c";

    [Fact]
    public async Task CaptureOff_CanaryAppearsNowhere()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);

        await CallWithCanaryEverywhereAsync(harness);

        ExportedText(harness).Should().NotContain(Canary);
    }

    [Fact]
    public async Task CaptureOn_CanaryAppearsInContent()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.CaptureMessageContent = true;
        });

        await CallWithCanaryEverywhereAsync(harness);

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        ((string)span.GetTagItem("gen_ai.system_instructions")!).Should().Contain(Canary);
        ((string)span.GetTagItem("gen_ai.input.messages")!).Should().Contain("user " + Canary);
        ((string)span.GetTagItem("gen_ai.input.messages")!).Should().Contain("tool-arg " + Canary);
        ((string)span.GetTagItem("gen_ai.output.messages")!).Should().Contain("answer " + Canary);
        ((string)span.GetTagItem("gen_ai.prompt.0.content")!).Should().Contain(Canary);
        ((string)span.GetTagItem("gen_ai.completion.0.content")!).Should().Contain(Canary);
        ((string)span.GetTagItem("secret")!).Should().Contain(Canary);
    }

    [Fact]
    public async Task CaptureOn_MessagesAreConventionJson()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.CaptureMessageContent = true;
        });

        await CallWithCanaryEverywhereAsync(harness);

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        using JsonDocument input = JsonDocument.Parse((string)span.GetTagItem("gen_ai.input.messages")!);
        input.RootElement[0].GetProperty("role").GetString().Should().Be("user");
        input.RootElement[0].GetProperty("parts")[0].GetProperty("type").GetString().Should().Be("text");
        JsonElement toolCall = input.RootElement[1].GetProperty("parts")[0];
        toolCall.GetProperty("type").GetString().Should().Be("tool_call");
        toolCall.GetProperty("name").GetString().Should().Be("lookup");
        toolCall.GetProperty("arguments").GetProperty("query").GetString().Should().Be("tool-arg " + Canary);
        using JsonDocument output = JsonDocument.Parse((string)span.GetTagItem("gen_ai.output.messages")!);
        output.RootElement[0].GetProperty("finish_reason").GetString().Should().Be("stop");
    }

    [Fact]
    public async Task EnvironmentVariable_TurnsCaptureOn()
    {
        Environment.SetEnvironmentVariable(SemanticConventions.ContentCaptureEnvironmentVariable, "true");
        try
        {
            using TelemetryHarness harness = new(TestPrices.SonnetOnly);

            await CallWithCanaryEverywhereAsync(harness);

            harness.Spans.Should().ContainSingle().Which.GetTagItem("gen_ai.input.messages").Should().NotBeNull();
        }
        finally
        {
            Environment.SetEnvironmentVariable(SemanticConventions.ContentCaptureEnvironmentVariable, null);
        }
    }

    [Fact]
    public async Task OptionOff_WinsOverEnvironmentVariable()
    {
        Environment.SetEnvironmentVariable(SemanticConventions.ContentCaptureEnvironmentVariable, "true");
        try
        {
            using TelemetryHarness harness = new(options =>
            {
                TestPrices.SonnetOnly(options);
                options.CaptureMessageContent = false;
            });

            await CallWithCanaryEverywhereAsync(harness);

            ExportedText(harness).Should().NotContain(Canary);
        }
        finally
        {
            Environment.SetEnvironmentVariable(SemanticConventions.ContentCaptureEnvironmentVariable, null);
        }
    }

    [Fact]
    public async Task Redaction_AppliedBeforeWriting()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.CaptureMessageContent = true;
            options.RedactContent = text => text.Replace(Canary, "[email]", StringComparison.Ordinal);
        });

        await CallWithCanaryEverywhereAsync(harness);

        ExportedText(harness).Should().NotContain(Canary);
        ((string)harness.Spans.Single().GetTagItem("gen_ai.input.messages")!).Should().Contain("user [email]");
    }

    [Fact]
    public async Task FailingRedaction_WritesPlaceholderAndCounts()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.CaptureMessageContent = true;
            options.RedactContent = _ => throw new InvalidOperationException("redactor broke");
        });

        ChatResponse response = await CallWithCanaryEverywhereAsync(harness);

        response.Text.Should().Contain("answer");
        ExportedText(harness).Should().NotContain(Canary);
        ((string)harness.Spans.Single().GetTagItem("gen_ai.input.messages")!).Should().Contain(ContentCapture.RedactionFailedText);
        harness.TelemetryErrors.GetMeasurementSnapshot().Should().Contain(m => (string?)m.Tags["llm.error.source"] == "redaction");
    }

    [Fact]
    public void Truncate_NeverSplitsSurrogatePair()
    {
        string text = "ab\U0001F600cd";

        string cut = ContentCapture.Truncate(text, 3);

        cut.Should().Be("ab");
    }

    [Fact]
    public async Task Truncation_KeepsMessagesValidJson()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.CaptureMessageContent = true;
            options.MaxContentLength = 5;
        });
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, 10, 5) });

        await client.GetResponseAsync([new ChatMessage(ChatRole.User, "\"quoted\" \U0001F600 and a long tail")]);

        string json = (string)harness.Spans.Single().GetTagItem("gen_ai.input.messages")!;
        using JsonDocument document = JsonDocument.Parse(json);
        document.RootElement[0].GetProperty("parts")[0].GetProperty("content").GetString().Should().Be("\"quot");
    }

    private static async Task<ChatResponse> CallWithCanaryEverywhereAsync(TelemetryHarness harness)
    {
        ChatResponse response = new(new ChatMessage(ChatRole.Assistant, "answer " + Canary))
        {
            ModelId = TestPrices.Sonnet,
            FinishReason = ChatFinishReason.Stop,
            Usage = new UsageDetails { InputTokenCount = 10, OutputTokenCount = 5 },
        };
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = response });
        ChatMessage[] messages =
        [
            new(ChatRole.User, "user " + Canary),
            new(ChatRole.Assistant, [new FunctionCallContent("call-1", "lookup", new Dictionary<string, object?> { ["query"] = "tool-arg " + Canary })]),
            new(ChatRole.Tool, [new FunctionResultContent("call-1", "tool-result " + Canary)]),
        ];
        ChatOptions options = new()
        {
            Instructions = "system " + Canary,
            AdditionalProperties = new() { ["secret"] = "property " + Canary, ["llm.tag.feature"] = "summary" },
        };

        return await client.GetResponseAsync(messages, options);
    }

    /// <summary>Everything exported: span names, attributes, events, status, log messages and metric tags.</summary>
    private static string ExportedText(TelemetryHarness harness)
    {
        List<string> parts = [];
        foreach (Activity span in harness.Spans)
        {
            parts.Add(span.DisplayName);
            parts.Add(span.StatusDescription ?? string.Empty);
            parts.AddRange(span.TagObjects.Select(t => $"{t.Key}={FormatValue(t.Value)}"));
            parts.AddRange(span.Events.SelectMany(e => e.Tags.Select(t => $"{e.Name}:{t.Key}={t.Value}")));
        }

        parts.AddRange(harness.LogProvider.Collector.GetSnapshot().Select(r => r.Message + r.Exception?.Message));
        parts.AddRange(harness.UsageTokens.GetMeasurementSnapshot().SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")));
        parts.AddRange(harness.Duration.GetMeasurementSnapshot().SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")));
        parts.AddRange(harness.Cost.GetMeasurementSnapshot().SelectMany(m => m.Tags.Select(t => $"{t.Key}={t.Value}")));
        return string.Join('\n', parts);
    }

    private static string? FormatValue(object? value) =>
        value is System.Collections.IEnumerable items and not string ? string.Join(',', items.Cast<object>()) : value?.ToString();
}
