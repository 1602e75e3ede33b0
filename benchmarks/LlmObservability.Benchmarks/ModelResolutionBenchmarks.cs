using BenchmarkDotNet.Attributes;
using LlmObservability.Pricing;
using Microsoft.Extensions.AI;

namespace LlmObservability.Benchmarks;

/// <summary>
/// Model-name resolution in the pricing catalogue, alone and followed by the cost calculation, against a plain
/// dictionary lookup of the same name. Every name is resolved once in the global setup, so the measured calls are
/// the ones after the first.
/// </summary>
[MemoryDiagnoser]
public class ModelResolutionBenchmarks
{
    private PricingCatalog _catalog = null!;
    private Dictionary<string, ModelPricing> _dictionary = null!;
    private UsageDetails _usage = null!;

    /// <summary>
    /// Gets or sets the model name: exact, dated, provider-prefixed, a configured alias of <c>gpt-4o</c>, and a name
    /// the catalogue does not contain.
    /// </summary>
    [Params("gpt-4o", "gpt-4o-2024-08-06", "openai/gpt-4o", "prod-chat", "acme-private-llm")]
    public string ModelName { get; set; } = "gpt-4o";

    [GlobalSetup]
    public void Setup()
    {
        LlmObservabilityOptions options = new();
        options.Pricing.Aliases["prod-chat"] = "gpt-4o";
        _catalog = PricingCatalogFactory.Create(options);

        // The plain dictionary contains every catalogue entry under its own name, plus the benchmarked name when the
        // catalogue resolves it, so that both lookups hit or miss alike.
        _dictionary = _catalog.Models.ToDictionary(model => model.Model, StringComparer.Ordinal);
        if (_catalog.Resolve(ModelName) is ModelPricing resolved)
        {
            _dictionary[ModelName] = resolved;
        }

        _usage = new UsageDetails { InputTokenCount = 1200, CachedInputTokenCount = 1000, OutputTokenCount = 50 };
    }

    [Benchmark(Baseline = true)]
    public bool DictionaryLookup() => _dictionary.TryGetValue(ModelName, out _);

    [Benchmark]
    public bool Resolve() => _catalog.Resolve(ModelName) is not null;

    [Benchmark]
    public double DictionaryLookupAndCost() =>
        _dictionary.TryGetValue(ModelName, out ModelPricing? pricing) ? CalculateTotal(pricing) : 0;

    [Benchmark]
    public double ResolveAndCost() =>
        _catalog.Resolve(ModelName) is ModelPricing pricing ? CalculateTotal(pricing) : 0;

    // The total as the instrumented clients record it.
    private double CalculateTotal(ModelPricing pricing) =>
        CostBreakdown.Calculate(pricing, TokenUsage.From(_usage)).UsdDouble(CostComponent.Total);
}
