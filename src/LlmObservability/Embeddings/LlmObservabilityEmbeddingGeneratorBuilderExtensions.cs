using LlmObservability;

namespace Microsoft.Extensions.AI;

/// <summary>Adds <see cref="LlmObservabilityEmbeddingGenerator{TInput, TEmbedding}"/> to an embedding generator pipeline.</summary>
public static class LlmObservabilityEmbeddingGeneratorBuilderExtensions
{
    /// <summary>Adds LLM spans, token metrics and cost to the pipeline at this position.</summary>
    /// <typeparam name="TInput">The type of the values embedded.</typeparam>
    /// <typeparam name="TEmbedding">The type of the embeddings generated.</typeparam>
    /// <param name="builder">The embedding generator builder.</param>
    /// <param name="configure">An optional callback that changes settings for this generator only.</param>
    /// <returns>The same builder, for chaining.</returns>
    public static EmbeddingGeneratorBuilder<TInput, TEmbedding> UseLlmObservability<TInput, TEmbedding>(
        this EmbeddingGeneratorBuilder<TInput, TEmbedding> builder, Action<LlmObservabilityOptions>? configure = null)
        where TEmbedding : Embedding
    {
        ArgumentNullException.ThrowIfNull(builder);

        return builder.Use((innerGenerator, services) => new LlmObservabilityEmbeddingGenerator<TInput, TEmbedding>(
            innerGenerator, LlmTelemetryFactory.Resolve(services, configure), disposeInner: true));
    }
}
