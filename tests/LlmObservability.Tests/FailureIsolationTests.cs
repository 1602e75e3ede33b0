using System.Diagnostics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Logging;

namespace LlmObservability.Tests;

public sealed class FailureIsolationTests
{
    [Fact]
    public async Task ThrowingEnrichCallback_CallSucceedsAndIsCounted()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.EnrichSpan = _ => throw new InvalidOperationException("enricher broke");
        });
        ChatResponse expected = Responses.WithUsage(TestPrices.Sonnet, 100, 10);
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = expected });

        ChatResponse first = await client.GetResponseAsync(Responses.Prompt);
        await client.GetResponseAsync(Responses.Prompt);

        first.Should().BeSameAs(expected);
        harness.TelemetryErrors.GetMeasurementSnapshot().Where(m => m.Value == 1)
            .Should().HaveCount(2).And.OnlyContain(m => (string?)m.Tags["llm.error.source"] == "enrichment");
        harness.LogProvider.Collector.GetSnapshot()
            .Should().ContainSingle(r => r.Level == LogLevel.Warning && r.Message.Contains("enrichment", StringComparison.Ordinal),
                "a failure is logged once per cause, not per call");
    }

    [Theory]
    [InlineData(true, false)]
    [InlineData(false, true)]
    public async Task ThrowingActivityListener_CallSucceedsAndIsCounted(bool throwOnStart, bool throwOnStop)
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        using ActivityListener listener = new()
        {
            ShouldListenTo = source => source.Name == LlmObservabilityDefaults.ActivitySourceName,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStarted = _ => { if (throwOnStart) throw new InvalidOperationException("listener start broke"); },
            ActivityStopped = _ => { if (throwOnStop) throw new InvalidOperationException("listener stop broke"); },
        };
        ActivitySource.AddActivityListener(listener);
        ChatResponse expected = Responses.WithUsage(TestPrices.Sonnet, 100, 10);
        FakeChatClient inner = new() { Response = expected };
        IChatClient client = harness.CreateClient(inner);

        ChatResponse response = await client.GetResponseAsync(Responses.Prompt);

        response.Should().BeSameAs(expected);
        inner.CurrentSpanDuringCall.Should().Match<Activity?>(
            span => !throwOnStart || span == null, "a span whose start callback threw must not parent the inner call");
        harness.TelemetryErrors.GetMeasurementSnapshot()
            .Should().Contain(m => m.Value == 1 && (string?)m.Tags["llm.error.source"] == "enrichment");
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle("the metrics do not depend on the span");
    }

    [Fact]
    public async Task EnrichCallback_AddsOwnAttributes()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.EnrichSpan = activity => activity.SetTag("team", "books");
        });

        await harness.CreateClient(new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, 100, 10) }).GetResponseAsync(Responses.Prompt);

        harness.Spans.Should().ContainSingle().Which.GetTagItem("team").Should().Be("books");
    }

    [Fact]
    public async Task OverflowingPrice_CallSucceedsPricingCounted()
    {
        // The largest accepted price, 10^6 USD per million tokens (10^12 picodollars per token), times 10^18 tokens
        // overflows the 64-bit picodollar product inside the cost calculation.
        using TelemetryHarness harness = new(options =>
        {
            options.Pricing.UseBuiltInCatalog = false;
            options.Pricing.Models["huge"] = new LlmModelPrice { Input = 1_000_000m, Output = 1m };
        });
        ChatResponse expected = Responses.WithUsage("huge", input: 1_000_000_000_000_000_000, output: 1);
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = expected });

        ChatResponse response = await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = "huge" });

        response.Should().BeSameAs(expected);
        harness.TelemetryErrors.GetMeasurementSnapshot().Should().Contain(m => m.Value == 1 && (string?)m.Tags["llm.error.source"] == "pricing");
        harness.Cost.GetMeasurementSnapshot().Should().BeEmpty();
        harness.Unpriced.GetMeasurementSnapshot().Should().BeEmpty("the model has a price, its calculation failed");
        harness.Spans.Should().ContainSingle().Which.Status.Should().Be(ActivityStatusCode.Unset);
    }
}
