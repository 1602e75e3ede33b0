using System.Diagnostics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

public sealed class ChatClientErrorTests
{
    [Fact]
    public async Task InnerException_ReachesCallerUnchanged()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        InvalidOperationException thrown = new("provider failed");
        IChatClient client = harness.CreateClient(new FakeChatClient { Exception = thrown });

        Func<Task> call = () => client.GetResponseAsync(Responses.Prompt);

        (await call.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(thrown);
    }

    [Fact]
    public async Task InnerException_EndsOneErrorSpanWithType()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient { Exception = new InvalidOperationException("provider failed") });

        await FluentActions.Awaiting(() => client.GetResponseAsync(Responses.Prompt)).Should().ThrowAsync<InvalidOperationException>();

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.Status.Should().Be(ActivityStatusCode.Error);
        span.GetTagItem("error.type").Should().Be("System.InvalidOperationException");
        span.StatusDescription.Should().BeNull("exception messages can echo prompts, and content capture is off");
    }

    [Fact]
    public async Task InnerException_DurationCarriesErrorTypeWithoutUsage()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient { Exception = new InvalidOperationException("provider failed") });

        await FluentActions.Awaiting(() => client.GetResponseAsync(Responses.Prompt)).Should().ThrowAsync<InvalidOperationException>();

        var duration = harness.Duration.GetMeasurementSnapshot().Should().ContainSingle().Subject;
        duration.Tags["error.type"].Should().Be("System.InvalidOperationException");
        harness.TokenUsage.GetMeasurementSnapshot().Should().BeEmpty();
        harness.UsageTokens.GetMeasurementSnapshot().Should().BeEmpty();
        harness.Cost.GetMeasurementSnapshot().Should().BeEmpty();
        harness.UsageCost.GetMeasurementSnapshot().Should().BeEmpty();
    }

    [Fact]
    public async Task SuccessfulCall_SpanCarriesStandardAttributes()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(
            new FakeChatClient { Response = Responses.WithUsage(TestPrices.Sonnet, input: 1200, output: 50, cached: 1000) });

        await client.GetResponseAsync(Responses.Prompt, new ChatOptions { Temperature = 0.5f, MaxOutputTokens = 100 });

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.DisplayName.Should().Be("chat claude-3-5-sonnet-20241022");
        span.Kind.Should().Be(ActivityKind.Client);
        span.GetTagItem("gen_ai.operation.name").Should().Be("chat");
        span.GetTagItem("gen_ai.provider.name").Should().Be("anthropic");
        span.GetTagItem("gen_ai.request.model").Should().Be(TestPrices.Sonnet);
        span.GetTagItem("gen_ai.response.model").Should().Be(TestPrices.Sonnet);
        span.GetTagItem("gen_ai.response.id").Should().Be("resp-1");
        span.GetTagItem("gen_ai.response.finish_reasons").Should().BeEquivalentTo(new[] { "stop" });
        span.GetTagItem("gen_ai.request.temperature").Should().Be(0.5);
        span.GetTagItem("gen_ai.request.max_tokens").Should().Be(100);
        span.GetTagItem("gen_ai.usage.input_tokens").Should().Be(1200L);
        span.GetTagItem("gen_ai.usage.output_tokens").Should().Be(50L);
        span.GetTagItem("gen_ai.usage.cache_read.input_tokens").Should().Be(1000L);
        span.GetTagItem("server.address").Should().Be("api.anthropic.com");
        span.GetTagItem("server.port").Should().Be(443);
        span.GetTagItem("llm.request.type").Should().Be("chat");
        span.GetTagItem("llm.usage.total_tokens").Should().Be(1250L);
        span.GetTagItem("llm.is_streaming").Should().Be(false);
        span.Status.Should().Be(ActivityStatusCode.Unset);
    }
}
