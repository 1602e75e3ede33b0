using System.Diagnostics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

public sealed class ChatClientStreamingTests
{
    private static ChatResponseUpdate Text(string text) =>
        new(ChatRole.Assistant, text) { ModelId = TestPrices.Sonnet, ResponseId = "resp-1" };

    private static ChatResponseUpdate Usage(long input, long? output, long? cached) =>
        new()
        {
            Role = ChatRole.Assistant,
            Contents = [new UsageContent(new UsageDetails { InputTokenCount = input, OutputTokenCount = output, CachedInputTokenCount = cached })],
        };

    [Fact]
    public async Task UsageInFinalUpdate_RecordedOnce()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        ChatResponseUpdate final = Usage(1200, 50, 1000);
        final.FinishReason = ChatFinishReason.Stop;
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Text("Hi"), Text("!"), final] });

        List<string> texts = [];
        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Responses.Prompt))
        {
            texts.Add(update.Text);
        }

        texts.Should().Equal("Hi", "!", string.Empty);
        harness.TokenUsage.GetMeasurementSnapshot().Where(m => (string?)m.Tags["gen_ai.token.type"] == "input").Should().ContainSingle();
        harness.TokenUsage.GetMeasurementSnapshot().Where(m => (string?)m.Tags["gen_ai.token.type"] == "output").Should().ContainSingle();
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.00165, 1e-12);
        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.GetTagItem("llm.cost.status").Should().Be("priced");
        span.GetTagItem("gen_ai.request.stream").Should().Be(true);
        span.GetTagItem("gen_ai.response.time_to_first_chunk").Should().BeOfType<double>();
    }

    [Fact]
    public async Task UsageDeltas_SummedAcrossUpdates()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient
        {
            Updates = [Usage(1200, null, 1000), Text("Hi"), Usage(0, 20, null), Text("!"), Usage(0, 30, null)],
        });

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Responses.Prompt))
        {
        }

        harness.TokensOfType("input").Should().Be(200);
        harness.TokensOfType("cache_read").Should().Be(1000);
        harness.TokensOfType("output").Should().Be(50);
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.00165, 1e-12);
    }

    [Fact]
    public async Task ChunkTimings_RecordedPerUpdate()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Text("a"), Text("b"), Text("c"), Usage(10, 3, null)] });

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Responses.Prompt))
        {
        }

        harness.TimeToFirstChunk.GetMeasurementSnapshot().Should().ContainSingle();
        harness.TimePerOutputChunk.GetMeasurementSnapshot().Should().HaveCount(3);
    }

    [Fact]
    public async Task CancellationAfterUsage_RecordsPartialCostAndRethrows()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        using CancellationTokenSource cancellation = new();
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Usage(1200, null, 1000), Text("Hi"), Text("there")] });

        OperationCanceledException? caught = null;
        try
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Responses.Prompt, cancellationToken: cancellation.Token))
            {
                if (update.Text == "Hi")
                {
                    await cancellation.CancelAsync();
                }
            }
        }
        catch (OperationCanceledException exception)
        {
            caught = exception;
        }

        caught.Should().NotBeNull();
        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.GetTagItem("error.type").Should().Be(caught!.GetType().FullName);
        span.GetTagItem("gen_ai.usage.input_tokens").Should().Be(1200L);
        span.GetTagItem("gen_ai.usage.output_tokens").Should().BeNull();
        span.GetTagItem("llm.cost.status").Should().Be("partial");
        ((double)span.GetTagItem("gen_ai.usage.cost")!).Should().BeApproximately(0.0009, 1e-12);
        harness.TokenUsage.GetMeasurementSnapshot().Should().NotContain(m => (string?)m.Tags["gen_ai.token.type"] == "output");
        harness.UsageTokens.GetMeasurementSnapshot().Should().NotContain(m => (string?)m.Tags["llm.token.type"] == "output");
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.0009, 1e-12);
    }

    [Fact]
    public async Task EarlyBreak_EndsSpanOnceWithPartialCost()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Usage(1200, null, 1000), Text("Hi"), Text("there")] });

        await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Responses.Prompt))
        {
            if (update.Text == "Hi")
            {
                break;
            }
        }

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.Status.Should().Be(ActivityStatusCode.Unset);
        span.GetTagItem("error.type").Should().BeNull();
        span.GetTagItem("llm.cost.status").Should().Be("partial");
        ((double)span.GetTagItem("gen_ai.usage.cost")!).Should().BeApproximately(0.0009, 1e-12);
    }

    [Fact]
    public async Task FailureAfterTwoUpdates_CallerGetsUpdatesThenSameException()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        HttpRequestException rateLimited = new("Too Many Requests", null, System.Net.HttpStatusCode.TooManyRequests);
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Text("Hi"), Text("!")], StreamException = rateLimited });

        List<string> received = [];
        HttpRequestException? caught = null;
        try
        {
            await foreach (ChatResponseUpdate update in client.GetStreamingResponseAsync(Responses.Prompt))
            {
                received.Add(update.Text);
            }
        }
        catch (HttpRequestException exception)
        {
            caught = exception;
        }

        received.Should().Equal("Hi", "!");
        caught.Should().BeSameAs(rateLimited);
        harness.Spans.Should().ContainSingle().Which.GetTagItem("error.type").Should().Be("System.Net.Http.HttpRequestException");
    }

    [Fact]
    public async Task NoListener_LeavesActivityCurrentUnchanged()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly, traces: false);
        harness.Duration.Dispose();
        using Activity caller = new("caller");
        caller.Start();
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Text("Hi"), Text("!")] });

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Responses.Prompt))
        {
            Activity.Current.Should().BeSameAs(caller);
        }

        Activity.Current.Should().BeSameAs(caller);
    }

    [Fact]
    public async Task InnerWork_RunsUnderCallSpanForEveryChunk()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        using Activity caller = new("caller");
        caller.Start();
        SpanObservingClient inner = new();
        IChatClient client = harness.CreateClient(inner);

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Responses.Prompt))
        {
            Activity.Current.Should().BeSameAs(caller, "the caller's own code runs in its own context");
        }

        Activity span = harness.Spans.Should().ContainSingle().Subject;
        inner.ObservedSpanIds.Should().HaveCount(4).And.OnlyContain(id => id == span.SpanId.ToHexString());
    }

    /// <summary>Records which span is current inside the inner client each time it resumes to produce a chunk.</summary>
    private sealed class SpanObservingClient : IChatClient
    {
        public List<string?> ObservedSpanIds { get; } = [];

        public Task<ChatResponse> GetResponseAsync(IEnumerable<ChatMessage> messages, ChatOptions? options = null, CancellationToken cancellationToken = default) =>
            throw new NotSupportedException();

        public async IAsyncEnumerable<ChatResponseUpdate> GetStreamingResponseAsync(
            IEnumerable<ChatMessage> messages, ChatOptions? options = null, [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken = default)
        {
            for (int i = 0; i < 4; i++)
            {
                await Task.Delay(1, cancellationToken);
                ObservedSpanIds.Add(Activity.Current?.SpanId.ToHexString());
                yield return Text("chunk");
            }
        }

        public object? GetService(Type serviceType, object? serviceKey = null) => null;

        public void Dispose()
        {
        }
    }

    [Fact]
    public async Task WithListener_RestoresCallerActivityAfterStream()
    {
        using TelemetryHarness harness = new(TestPrices.SonnetOnly);
        using Activity caller = new("caller");
        caller.Start();
        IChatClient client = harness.CreateClient(new FakeChatClient { Updates = [Text("Hi"), Text("!")] });

        await foreach (ChatResponseUpdate _ in client.GetStreamingResponseAsync(Responses.Prompt))
        {
        }

        Activity.Current.Should().BeSameAs(caller);
        harness.Spans.Should().ContainSingle().Which.ParentId.Should().Be(caller.Id);
    }
}
