using Microsoft.Extensions.AI;
using Microsoft.Extensions.DependencyInjection;

namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>The three embedding generators compared, each wrapped around the same inner generator.</summary>
internal sealed class EmbeddingGeneratorSet : IDisposable
{
    private readonly ServiceProvider _services;

    public EmbeddingGeneratorSet(IEmbeddingGenerator<string, Embedding<float>> innerGenerator)
    {
        PassThrough = new PassThroughEmbeddingGenerator(innerGenerator);

        Reference = new EmbeddingGeneratorBuilder<string, Embedding<float>>(innerGenerator)
            .UseOpenTelemetry(sourceName: TelemetrySubscription.ReferenceSourceName)
            .Build();

        _services = new ServiceCollection().AddLlmObservability().BuildServiceProvider();
        Instrumented = new EmbeddingGeneratorBuilder<string, Embedding<float>>(innerGenerator)
            .UseLlmObservability()
            .Build(_services);
    }

    /// <summary>Gets the baseline, a delegating generator that adds nothing.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> PassThrough { get; }

    /// <summary>Gets Microsoft.Extensions.AI's <see cref="OpenTelemetryEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Reference { get; }

    /// <summary>Gets this library's <see cref="LlmObservabilityEmbeddingGenerator{TInput, TEmbedding}"/>.</summary>
    public IEmbeddingGenerator<string, Embedding<float>> Instrumented { get; }

    public void Dispose() => _services.Dispose();
}
