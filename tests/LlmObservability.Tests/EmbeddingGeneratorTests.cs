using System.Diagnostics;
using LlmObservability.Tests.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Tests;

public sealed class EmbeddingGeneratorTests
{
    private static void EmbeddingPrice(LlmObservabilityOptions options)
    {
        options.Pricing.UseBuiltInCatalog = false;
        options.Pricing.Models["text-embedding-3-small"] = new LlmModelPrice { Input = 0.02m, Output = 0m };
    }

    [Fact]
    public async Task Generate_SpanDurationTokensAndCost()
    {
        using TelemetryHarness harness = new(EmbeddingPrice);
        IEmbeddingGenerator<string, Embedding<float>> generator = new EmbeddingGeneratorBuilder<string, Embedding<float>>(new FakeEmbeddingGenerator())
            .UseLlmObservability()
            .Build(harness.Services);

        GeneratedEmbeddings<Embedding<float>> embeddings = await generator.GenerateAsync(["whale", "detective"]);

        embeddings.Should().HaveCount(2);
        Activity span = harness.Spans.Should().ContainSingle().Subject;
        span.DisplayName.Should().Be("embeddings text-embedding-3-small");
        span.GetTagItem("gen_ai.operation.name").Should().Be("embeddings");
        span.GetTagItem("gen_ai.usage.input_tokens").Should().Be(5000L);
        span.GetTagItem("gen_ai.embeddings.dimension.count").Should().Be(3);
        span.GetTagItem("llm.request.type").Should().Be("embedding");
        span.GetTagItem("llm.cost.status").Should().Be("priced");
        ((double)span.GetTagItem("gen_ai.usage.cost")!).Should().BeApproximately(0.0001, 1e-12);
        harness.Duration.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["gen_ai.operation.name"].Should().Be("embeddings");
        harness.TokenUsage.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().Be(5000);
        harness.TokensOfType("input").Should().Be(5000);
        harness.UsageTokens.GetMeasurementSnapshot().Should().NotContain(m => (string?)m.Tags["llm.token.type"] == "output");
        harness.Cost.GetMeasurementSnapshot().Should().ContainSingle().Which.Value.Should().BeApproximately(0.0001, 1e-12);
    }

    [Fact]
    public async Task InnerFailure_SameExceptionAndErrorSpan()
    {
        using TelemetryHarness harness = new(EmbeddingPrice);
        InvalidOperationException thrown = new("embedding service down");
        IEmbeddingGenerator<string, Embedding<float>> generator = new EmbeddingGeneratorBuilder<string, Embedding<float>>(new FakeEmbeddingGenerator { Exception = thrown })
            .UseLlmObservability()
            .Build(harness.Services);

        Func<Task> call = () => generator.GenerateAsync(["whale"]);

        (await call.Should().ThrowAsync<InvalidOperationException>()).Which.Should().BeSameAs(thrown);
        harness.Spans.Should().ContainSingle().Which.Status.Should().Be(ActivityStatusCode.Error);
        harness.Duration.GetMeasurementSnapshot().Should().ContainSingle().Which.Tags["error.type"].Should().Be("System.InvalidOperationException");
    }

    private sealed class FakeEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
    {
        public Exception? Exception { get; init; }

        public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
            IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
        {
            if (Exception is not null)
            {
                throw Exception;
            }

            GeneratedEmbeddings<Embedding<float>> result = new(values.Select(_ => new Embedding<float>(new float[] { 0.1f, 0.2f, 0.3f })
            {
                ModelId = "text-embedding-3-small",
            }))
            {
                Usage = new UsageDetails { InputTokenCount = 5000 },
            };
            return Task.FromResult(result);
        }

        public object? GetService(Type serviceType, object? serviceKey = null) =>
            serviceKey is null && serviceType == typeof(EmbeddingGeneratorMetadata)
                ? new EmbeddingGeneratorMetadata("openai", new Uri("https://api.openai.com/v1"), "text-embedding-3-small")
                : null;

        public void Dispose()
        {
        }
    }
}
