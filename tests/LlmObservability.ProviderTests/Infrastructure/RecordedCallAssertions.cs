using System.Diagnostics;
using FluentAssertions.Execution;
using Microsoft.Extensions.Diagnostics.Metrics.Testing;

namespace LlmObservability.ProviderTests.Infrastructure;

/// <summary>Compares the span and metrics that LlmObservability recorded for one call with an <see cref="ExpectedCall"/>.</summary>
public static class RecordedCallAssertions
{
    /// <summary>Tolerance for USD amounts, which the library computes in decimal and records as double.</summary>
    public const double CostPrecision = 1e-12;

    private static readonly string[] CostTypes = ["input", "cache_read", "cache_creation", "output", "reasoning"];

    /// <summary>Asserts that <paramref name="capture"/> contains exactly one call, recorded as <paramref name="expected"/>.</summary>
    /// <remarks>All differences are collected and reported together, so one run shows every wrong number.</remarks>
    public static void ShouldHaveRecorded(this TelemetryCapture capture, ExpectedCall expected, ReplayServer server)
    {
        Activity span = capture.Spans.Should().ContainSingle("one call was made").Subject;

        using AssertionScope scope = new();
        AssertEndpoint(span, expected, server);
        AssertTokenAttributes(span, expected);
        AssertCostAttributes(span, expected);
        AssertTokenMetric(capture, expected, server);
        AssertCostMetrics(capture, expected);
    }

    private static void AssertEndpoint(Activity span, ExpectedCall expected, ReplayServer server)
    {
        span.GetTagItem("gen_ai.provider.name").Should().Be(expected.ProviderName);
        span.GetTagItem("gen_ai.response.model").Should().Be(expected.ResponseModel);
        span.GetTagItem("server.address").Should().Be(server.BaseAddress.Host);
        span.GetTagItem("server.port").Should().Be(server.BaseAddress.Port);
    }

    private static void AssertTokenAttributes(Activity span, ExpectedCall expected)
    {
        span.GetTagItem("gen_ai.usage.input_tokens").Should().Be(expected.InputTokens, "gen_ai.usage.input_tokens counts all input");
        span.GetTagItem("gen_ai.usage.output_tokens").Should().Be(expected.OutputTokens, "gen_ai.usage.output_tokens counts all output");
        span.GetTagItem("gen_ai.usage.cache_read.input_tokens").Should().Be(expected.CacheReadTokens);
        span.GetTagItem("gen_ai.usage.cache_creation.input_tokens").Should().Be(expected.CacheCreationTokens);
        span.GetTagItem("gen_ai.usage.reasoning.output_tokens").Should().Be(expected.ReasoningTokens);
    }

    private static void AssertCostAttributes(Activity span, ExpectedCall expected)
    {
        span.GetTagItem("llm.cost.status").Should().Be("priced");
        span.GetTagItem("llm.cost.model").Should().Be(expected.CostModel);
        ((double?)span.GetTagItem("gen_ai.usage.cost")).Should().BeApproximately(expected.TotalCost, CostPrecision, "gen_ai.usage.cost is the whole bill");

        foreach (string type in CostTypes)
        {
            double expectedCost = expected.CostByType.GetValueOrDefault(type);
            ((double?)span.GetTagItem("llm.cost." + type)).Should().BeApproximately(expectedCost, CostPrecision, "llm.cost.{0} is that part of the bill", type);
        }
    }

    private static void AssertTokenMetric(TelemetryCapture capture, ExpectedCall expected, ReplayServer server)
    {
        capture.TokensByType().Should().Equal(expected.TokensByType);

        foreach (var measurement in capture.ObservedTokens())
        {
            measurement.Tags["gen_ai.provider.name"].Should().Be(expected.ProviderName);
            measurement.Tags["server.port"].Should().Be(server.BaseAddress.Port);
        }
    }

    private static void AssertCostMetrics(TelemetryCapture capture, ExpectedCall expected)
    {
        Dictionary<string, double> costByType = capture.CostByType();
        costByType.Keys.Should().BeEquivalentTo(expected.CostByType.Keys, "llm.usage.cost has the token types of llm.usage.tokens");
        foreach ((string type, double cost) in expected.CostByType)
        {
            costByType.GetValueOrDefault(type).Should().BeApproximately(cost, CostPrecision, "llm.usage.cost records the {0} part of the bill", type);
        }

        IReadOnlyList<CollectedMeasurement<double>> callCosts = capture.CallCost.GetMeasurementSnapshot();
        callCosts.Should().HaveCount(1, "the gen_ai.usage.cost histogram records one value per priced call");
        if (callCosts.Count == 1)
        {
            callCosts[0].Value.Should().BeApproximately(expected.TotalCost, CostPrecision, "the gen_ai.usage.cost histogram records the whole bill");
        }
    }
}
