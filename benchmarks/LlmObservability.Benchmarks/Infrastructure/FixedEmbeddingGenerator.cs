using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>
/// An in-process embedding generator that returns the same prebuilt 1,536-dimension embedding and usage for every
/// call, and allocates nothing per call.
/// </summary>
internal sealed class FixedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public const string ModelId = "text-embedding-3-small";
    public const int Dimensions = 1536;

    private readonly EmbeddingGeneratorMetadata _metadata =
        new(providerName: "openai", providerUri: new Uri("http://127.0.0.1:8080/v1"), defaultModelId: ModelId,
            defaultModelDimensions: Dimensions);

    private readonly Task<GeneratedEmbeddings<Embedding<float>>> _result = Task.FromResult(
        new GeneratedEmbeddings<Embedding<float>>([new Embedding<float>(new float[Dimensions]) { ModelId = ModelId }])
        {
            Usage = new UsageDetails { InputTokenCount = 8, TotalTokenCount = 8 },
        });

    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default) =>
        _result;

    public object? GetService(Type serviceType, object? serviceKey = null)
    {
        ArgumentNullException.ThrowIfNull(serviceType);

        if (serviceKey is not null)
        {
            return null;
        }

        return serviceType == typeof(EmbeddingGeneratorMetadata) ? _metadata
            : serviceType.IsInstanceOfType(this) ? this
            : null;
    }

    public void Dispose()
    {
    }
}
