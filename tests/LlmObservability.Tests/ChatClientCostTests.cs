using System.Diagnostics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;
using Microsoft.Extensions.Logging;

namespace LlmObservability.Tests;

public sealed class ChatClientCostTests
{
    [Fact]
    public async Task CachedInput_PricedOnceAtCacheReadRate()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        FakeChatClient inner = new() { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) };
        IChatClient client = harness.CreateClient(inner);

        await client.GetResponseAsync(Responses.Prompt);

        // 200 uncached x 3 + 1000 cached x 0.30 + 50 output x 15, per million tokens.
        Activity span = harness.Spans.Should().ContainSingle().Subject;
        ((double)span.GetTagItem("gen_ai.usage.cost")!).Should().BeApproximately(0.00165, 1e-12);
        span.GetTagItem("llm.cost.status").Should().Be("priced");
        span.GetTagItem("llm.cost.model").Should().Be(TestPrices.Sonnet);

        CollectedMeasurement<double> cost = harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        cost.Value.Should().BeApproximately(0.00165, 1e-12);

        harness.TokensOfType("input").Should().Be(200);
        harness.TokensOfType("cache_read").Should().Be(1000);
        harness.TokensOfType("output").Should().Be(50);
        harness.TokensOfType("reasoning").Should().Be(0);
    }

    [Fact]
    public async Task CachedInput_CostCounterPartitionsByTokenType()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        FakeChatClient inner = new() { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) };

        await harness.CreateClient(inner).GetResponseAsync(Responses.Prompt);

        Dictionary<string, double> byType = harness.UsageCost.GetMeasurementSnapshot()
            .ToDictionary(m => (string)m.Tags["llm.token.type"]!, m => m.Value);
        byType["input"].Should().BeApproximately(0.0006, 1e-12);
        byType["cache_read"].Should().BeApproximately(0.0003, 1e-12);
        byType["output"].Should().BeApproximately(0.00075, 1e-12);
        byType.Values.Sum().Should().BeApproximately(0.00165, 1e-12);
        harness.UsageCostSaved.GetMeasurementSnapshot().Sum(m => m.Value).Should().BeApproximately(0.0027, 1e-12);
    }

    [Fact]
    public async Task UnknownModel_CountsTokensWithoutCost()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        ChatResponse response = Responses.WithUsage("acme-private-llm", input: 100, output: 20);
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = response });

        ChatResponse first = await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = "acme-private-llm" });
        await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = "acme-private-llm" });

        first.Should().BeSameAs(response);
        harness.TokensOfType("input").Should().Be(200);
        harness.TokensOfType("output").Should().Be(40);
        harness.Cost.GetMeasurementSnapshot().Should().BeEmpty();
        harness.UsageCost.GetMeasurementSnapshot().Should().BeEmpty();
        harness.Unpriced.GetMeasurementSnapshot().Sum(m => m.Value).Should().Be(2);
        harness.Spans.Should().HaveCount(2);
        harness.Spans.Should().AllSatisfy(span => span.GetTagItem("gen_ai.usage.cost").Should().BeNull());
        harness.Spans.Should().AllSatisfy(span => span.GetTagItem("llm.cost.status").Should().Be("unknown_model"));
    }

    [Fact]
    public async Task UnknownModel_WarnsOncePerModelName()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = Responses.WithUsage("acme-private-llm", 100, 20) });
        IChatClient other = harness.CreateClient(new FakeChatClient { Response = Responses.WithUsage("acme-other-llm", 100, 20) });

        for (int i = 0; i < 3; i++)
        {
            await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = "acme-private-llm" });
            await other.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = "acme-other-llm" });
        }

        var warnings = harness.LogProvider.Collector.GetSnapshot()
            .Where(r => r.Level == LogLevel.Warning && r.Message.Contains("No price is known", StringComparison.Ordinal))
            .ToList();
        warnings.Should().HaveCount(2);
        warnings.Should().ContainSingle(r => r.Message.Contains("'acme-private-llm'", StringComparison.Ordinal));
        warnings.Should().ContainSingle(r => r.Message.Contains("'acme-other-llm'", StringComparison.Ordinal));
    }

    [Fact]
    public async Task UnknownModel_WarningEscapesControlCharacters()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        const string Forged = "evil\nINFO: fake log line\u202e";
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = Responses.WithUsage(Forged, 100, 20) });

        await client.GetResponseAsync(Responses.Prompt, new ChatOptions { ModelId = Forged });

        string message = harness.LogProvider.Collector.GetSnapshot().Single(r => r.Message.Contains("No price", StringComparison.Ordinal)).Message;
        message.Should().Contain("evil\\u000aINFO: fake log line\\u202e");
        message.Should().NotContain("\n");
    }

    [Fact]
    public async Task CostHistogram_MedianOfHundredCallsIsInterpolatedInsideItsBucket()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(
            new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) });

        for (int i = 0; i < 100; i++)
        {
            await client.GetResponseAsync(Responses.Prompt);
        }

        double[] values = harness.Cost.GetMeasurementSnapshot().Select(m => m.Value).ToArray();
        values.Should().HaveCount(100);

        // histogram_quantile interpolates linearly inside the bucket that contains the rank. With the cost buckets
        // 0.00165 lies in (0.001, 0.002], so the median is 0.001 + 0.001 x 50/100 = 0.0015. The SDK's default
        // buckets (0, 5, 10, ...) would put it in (0, 5] and give 2.5.
        double[] bounds = harness.Telemetry.Instruments.Cost.Advice!.HistogramBucketBoundaries!.ToArray();
        HistogramQuantile.Estimate(0.5, bounds, values).Should().BeApproximately(0.0015, 1e-12);
        HistogramQuantile.Estimate(0.5, [0, 5, 10, 25, 50, 75, 100, 250, 500, 750, 1000], values).Should().BeApproximately(2.5, 1e-12);
    }
}
