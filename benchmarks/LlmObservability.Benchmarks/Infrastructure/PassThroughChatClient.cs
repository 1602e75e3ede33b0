using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks.Infrastructure;

/// <summary>The baseline: a delegating client that adds nothing to the calls it forwards.</summary>
internal sealed class PassThroughChatClient(IChatClient innerClient) : DelegatingChatClient(innerClient);

/// <summary>The baseline for embeddings: a delegating generator that adds nothing to the calls it forwards.</summary>
internal sealed class PassThroughEmbeddingGenerator(IEmbeddingGenerator<string, Embedding<float>> innerGenerator)
    : DelegatingEmbeddingGenerator<string, Embedding<float>>(innerGenerator);
