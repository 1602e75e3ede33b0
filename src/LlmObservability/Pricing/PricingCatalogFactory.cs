using System.Globalization;

namespace LlmObservability.Pricing;

/// <summary>Builds the catalogue in force: the built-in entries, overridden and extended by configured ones.</summary>
internal static class PricingCatalogFactory
{
    private static readonly Lazy<(List<ModelPricing> Models, Dictionary<string, string> Aliases)> BuiltIn =
        new(PricingCatalogJson.LoadBuiltIn);

    /// <summary>Gets the built-in catalogue, parsed once per process.</summary>
    public static PricingCatalog LoadBuiltIn() => new(BuiltIn.Value.Models, BuiltIn.Value.Aliases);

    /// <summary>
    /// Creates the catalogue for <paramref name="options"/>: built-in entries, then the pricing file's, then configured
    /// ones. Throws with the offending key, or file and line, on a bad entry.
    /// </summary>
    public static PricingCatalog Create(LlmObservabilityOptions options)
    {
        LlmPricingOptions pricing = options.Pricing;
        if (pricing.UseBuiltInCatalog && pricing.Models.Count == 0 && pricing.Aliases.Count == 0 && pricing.File is null)
        {
            return LoadBuiltIn();
        }

        Dictionary<string, ModelPricing> models = new(StringComparer.OrdinalIgnoreCase);
        Dictionary<string, string> aliases = new(StringComparer.OrdinalIgnoreCase);
        if (pricing.UseBuiltInCatalog)
        {
            foreach (ModelPricing model in BuiltIn.Value.Models)
            {
                models[model.Model] = model;
            }

            foreach (KeyValuePair<string, string> alias in BuiltIn.Value.Aliases)
            {
                aliases[alias.Key] = alias.Value;
            }
        }

        if (pricing.File is not null)
        {
            (List<ModelPricing> fileModels, Dictionary<string, string> fileAliases) = PricingFile.Load(pricing.File);
            foreach (ModelPricing model in fileModels)
            {
                models[model.Model] = model;
                aliases.Remove(model.Model);
            }

            foreach (KeyValuePair<string, string> alias in fileAliases)
            {
                aliases[alias.Key] = alias.Value;
            }
        }

        foreach ((string name, LlmModelPrice price) in pricing.Models)
        {
            models[name] = FromOptions(name, price);

            // A configured model replaces a built-in alias of the same name.
            aliases.Remove(name);
        }

        foreach ((string alias, string target) in pricing.Aliases)
        {
            aliases[alias] = target;
        }

        return new PricingCatalog(models.Values, aliases);
    }

    /// <summary>Returns the problems of a configured price, each naming its configuration key and value.</summary>
    public static IEnumerable<string> Validate(string name, LlmModelPrice? price)
    {
        string key = $"{LlmObservabilityDefaults.ConfigurationSectionName}:Pricing:Models:{name}";
        if (price is null)
        {
            yield return $"{key} has no prices. Set at least Input and Output, in USD per million tokens.";
            yield break;
        }

        if (price.Input is null)
        {
            yield return $"{key}:Input is missing. Set the input price in USD per million tokens.";
        }

        if (price.Output is null)
        {
            yield return $"{key}:Output is missing. Set the output price in USD per million tokens (0 for embedding models).";
        }

        foreach ((string field, decimal? value) in new[]
                 {
                     ("Input", price.Input), ("Output", price.Output), ("CacheRead", price.CacheRead),
                     ("CacheWrite", price.CacheWrite), ("Reasoning", price.Reasoning),
                 })
        {
            if (value < 0 || value > PriceSet.MaxPricePerMillion)
            {
                yield return $"{key}:{field} is {value.Value.ToString(CultureInfo.InvariantCulture)}, " +
                    $"but prices must be from 0 to {PriceSet.MaxPricePerMillion.ToString(CultureInfo.InvariantCulture)} USD per million tokens.";
            }
        }
    }

    private static ModelPricing FromOptions(string name, LlmModelPrice price)
    {
        string problems = string.Join(" ", Validate(name, price));
        if (problems.Length > 0)
        {
            throw new ArgumentException(problems, nameof(price));
        }

        PriceSet prices = new(price.Input!.Value, price.Output!.Value, price.CacheRead, price.CacheWrite, null, price.Reasoning);
        return new ModelPricing(name, price.Provider, prices, null, null,
            new Dictionary<string, PriceSet>(), "configuration", null);
    }
}
