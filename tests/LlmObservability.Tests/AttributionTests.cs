using System.Diagnostics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

public sealed class AttributionTests
{
    private static readonly ChatResponse Priced = Responses.WithUsage(TestPrices.Sonnet, input: 100, output: 10);

    [Fact]
    public async Task CallTags_OnSpanAndTraceLoopProperties()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);

        await harness.CreateClient(new FakeChatClient { Response = Priced }).GetResponseAsync(Responses.Prompt, Tagged(("tenant", "acme"), ("workflow", "summaries")));

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.GetTagItem("llm.tag.tenant").Should().Be("acme");
        span.GetTagItem("traceloop.association.properties.tenant").Should().Be("acme");
        span.GetTagItem("traceloop.workflow.name").Should().Be("summaries");
    }

    [Fact]
    public async Task AllowListedTag_OnEveryMetric()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.MetricTags.Add("feature");
        });

        await harness.CreateClient(new FakeChatClient { Response = Priced }).GetResponseAsync(Responses.Prompt, Tagged(("feature", "summary"), ("tenant", "acme")));

        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["llm.tag.feature"].Should().Be("summary");
        harness.UsageTokens.GetMeasurementSnapshot().Should().OnlyContain(m => (string?)m.Tags["llm.tag.feature"] == "summary");
        harness.Duration.GetMeasurementSnapshot().Should().OnlyContain(m => (string?)m.Tags["llm.tag.feature"] == "summary");
        harness.UsageCost.GetMeasurementSnapshot().Should().OnlyContain(m => !m.Tags.ContainsKey("llm.tag.tenant"));
    }

    [Fact]
    public async Task ScopeTags_ApplyToCallsInside()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = Priced });

        using (LlmTags.BeginScope("tenant", "acme"))
        using (LlmTags.BeginScope("feature", "search"))
        {
            await client.GetResponseAsync(Responses.Prompt, Tagged(("feature", "summary")));
        }

        await client.GetResponseAsync(Responses.Prompt);

        harness.Spans[0].GetTagItem("llm.tag.tenant").Should().Be("acme");
        harness.Spans[0].GetTagItem("llm.tag.feature").Should().Be("summary", "a tag set on the call wins over the scope");
        harness.Spans[1].GetTagItem("llm.tag.tenant").Should().BeNull("the scope has ended");
    }

    [Fact]
    public async Task ManyTagValues_FoldedIntoOther()
    {
        using TelemetryHarness harness = new(options =>
        {
            TestPrices.SonnetOnly(options);
            options.MetricTags.Add("tenant");
            options.MaxDistinctAttributeValues = 3;
        });
        IChatClient client = harness.CreateClient(new FakeChatClient { Response = Priced });

        for (int i = 0; i < 5; i++)
        {
            await client.GetResponseAsync(Responses.Prompt, Tagged(("tenant", $"t{i}")));
        }

        harness.Cost.GetMeasurementSnapshot().Select(m => (string?)m.Tags["llm.tag.tenant"])
            .Should().Equal("t0", "t1", "t2", "other", "other");
        harness.Spans[4].GetTagItem("llm.tag.tenant").Should().Be("t4", "spans keep the real value");
    }

    private static ChatOptions Tagged(params (string Name, string Value)[] tags)
    {
        ChatOptions options = new() { AdditionalProperties = [] };
        foreach ((string name, string value) in tags)
        {
            options.AdditionalProperties["llm.tag." + name] = value;
        }

        return options;
    }
}
