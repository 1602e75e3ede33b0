using System.Collections.Concurrent;

namespace LlmObservability.Pricing;

/// <summary>An immutable set of model prices and aliases, with cached model-name resolution.</summary>
internal sealed class PricingCatalog
{
    // Model names come from responses, so the cache is bounded; past the bound, names resolve without caching.
    private const int MaxCachedNames = 4096;

    private readonly Dictionary<string, ModelPricing> _models;
    private readonly Dictionary<string, string> _aliases;
    private readonly ConcurrentDictionary<string, ModelPricing?> _resolved = new(StringComparer.Ordinal);

    public PricingCatalog(IEnumerable<ModelPricing> models, IReadOnlyDictionary<string, string>? aliases = null)
    {
        _models = new(StringComparer.OrdinalIgnoreCase);
        foreach (ModelPricing model in models)
        {
            _models[model.Model] = model;
        }

        _aliases = new(StringComparer.OrdinalIgnoreCase);
        if (aliases is not null)
        {
            foreach ((string alias, string target) in aliases)
            {
                if (!_models.ContainsKey(target))
                {
                    throw new ArgumentException(
                        $"The pricing alias '{alias}' refers to the model '{target}', which is not in the pricing catalogue. " +
                        "Add a price for that model or point the alias at a catalogue entry.",
                        nameof(aliases));
                }

                _aliases[alias] = target;
            }
        }
    }

    public static PricingCatalog Empty { get; } = new([]);

    public int Count => _models.Count;

    public IEnumerable<ModelPricing> Models => _models.Values;

    public IReadOnlyDictionary<string, string> Aliases => _aliases;

    public bool Contains(string model) => _models.ContainsKey(model);

    /// <summary>Finds the entry that prices a call: the response model first, then the request model.</summary>
    public ModelPricing? Resolve(string? responseModel, string? requestModel) =>
        Resolve(responseModel) ?? Resolve(requestModel);

    /// <summary>Finds the entry for <paramref name="modelName"/>, or <see langword="null"/> when none matches.</summary>
    public ModelPricing? Resolve(string? modelName)
    {
        if (string.IsNullOrWhiteSpace(modelName))
        {
            return null;
        }

        if (_resolved.TryGetValue(modelName, out ModelPricing? cached))
        {
            return cached;
        }

        ModelPricing? resolved = ResolveUncached(modelName);
        if (_resolved.Count < MaxCachedNames)
        {
            _resolved.TryAdd(modelName, resolved);
        }

        return resolved;
    }

    private ModelPricing? ResolveUncached(string modelName)
    {
        foreach (string candidate in ModelNameResolver.Candidates(modelName))
        {
            if (_aliases.TryGetValue(candidate, out string? target))
            {
                return _models[target];
            }

            if (_models.TryGetValue(candidate, out ModelPricing? pricing))
            {
                return pricing;
            }
        }

        return null;
    }
}
