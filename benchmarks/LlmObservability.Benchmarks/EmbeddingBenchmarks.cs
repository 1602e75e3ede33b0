using BenchmarkDotNet.Attributes;
using LlmObservability.Benchmarks.Infrastructure;
using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks;

/// <summary>One embedding call for one short input.</summary>
public class EmbeddingBenchmarks : ListenerBenchmarks
{
    private readonly string[] _inputs = ["a whaling voyage told by a sailor"];
    private readonly EmbeddingGenerationOptions _options = new() { ModelId = FixedEmbeddingGenerator.ModelId };
    private EmbeddingGeneratorSet _generators = null!;

    [GlobalSetup]
    public void Setup()
    {
        StartListeners();
        _generators = new EmbeddingGeneratorSet(new FixedEmbeddingGenerator());
    }

    [GlobalCleanup]
    public void Cleanup()
    {
        _generators.Dispose();
        StopListeners();
    }

    [Benchmark(Baseline = true)]
    public Task<GeneratedEmbeddings<Embedding<float>>> PassThrough() =>
        _generators.PassThrough.GenerateAsync(_inputs, _options);

    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> OpenTelemetryEmbeddingGenerator() =>
        _generators.Reference.GenerateAsync(_inputs, _options);

    [Benchmark]
    public Task<GeneratedEmbeddings<Embedding<float>>> LlmObservabilityEmbeddingGenerator() =>
        _generators.Instrumented.GenerateAsync(_inputs, _options);
}
