using Microsoft.Extensions.AI;

namespace LlmObservability.AspNetCore.Tests;

/// <summary>An inner embedding generator that returns one fixed vector per value.</summary>
internal sealed class ScriptedEmbeddingGenerator : IEmbeddingGenerator<string, Embedding<float>>
{
    public Task<GeneratedEmbeddings<Embedding<float>>> GenerateAsync(
        IEnumerable<string> values, EmbeddingGenerationOptions? options = null, CancellationToken cancellationToken = default)
    {
        GeneratedEmbeddings<Embedding<float>> embeddings = new(values.Select(_ => new Embedding<float>(new float[] { 1, 0, 0 })
        {
            ModelId = "text-embedding-3-small",
        }))
        {
            Usage = new UsageDetails { InputTokenCount = 8 },
        };
        return Task.FromResult(embeddings);
    }

    public object? GetService(Type serviceType, object? serviceKey = null) =>
        serviceKey is null && serviceType.IsInstanceOfType(this) ? this : null;

    public void Dispose()
    {
    }
}
