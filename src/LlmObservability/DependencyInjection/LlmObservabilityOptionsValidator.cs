using System.Globalization;
using LlmObservability.Pricing;
using Microsoft.Extensions.Options;

namespace LlmObservability;

/// <summary>Validates <see cref="LlmObservabilityOptions"/> at start-up, naming each bad key and value.</summary>
internal sealed class LlmObservabilityOptionsValidator : IValidateOptions<LlmObservabilityOptions>
{
    private const string Section = LlmObservabilityDefaults.ConfigurationSectionName;

    public ValidateOptionsResult Validate(string? name, LlmObservabilityOptions options)
    {
        List<string> failures = [];

        if (options.MaxContentLength <= 0)
        {
            failures.Add($"{Section}:MaxContentLength is {Format(options.MaxContentLength)}; set a positive number of characters.");
        }

        if (options.MaxDistinctAttributeValues <= 0)
        {
            failures.Add($"{Section}:MaxDistinctAttributeValues is {Format(options.MaxDistinctAttributeValues)}; set a positive count.");
        }

        if (!options.PrometheusEndpoint.Path.StartsWith('/'))
        {
            failures.Add($"{Section}:PrometheusEndpoint:Path is '{options.PrometheusEndpoint.Path}'; it must start with '/', as in '/metrics'.");
        }

        foreach (string tag in options.MetricTags)
        {
            if (string.IsNullOrWhiteSpace(tag))
            {
                failures.Add($"{Section}:MetricTags contains an empty tag name; remove it.");
            }
        }

        foreach (KeyValuePair<string, LlmModelPrice> model in options.Pricing.Models)
        {
            failures.AddRange(PricingCatalogFactory.Validate(model.Key, model.Value));
        }

        if (failures.Count == 0)
        {
            ValidateAliases(options, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    private static void ValidateAliases(LlmObservabilityOptions options, List<string> failures)
    {
        if (options.Pricing.Aliases.Count == 0)
        {
            return;
        }

        HashSet<string> models = new(options.Pricing.Models.Keys, StringComparer.OrdinalIgnoreCase);
        if (options.Pricing.UseBuiltInCatalog)
        {
            foreach (ModelPricing model in PricingCatalogFactory.LoadBuiltIn().Models)
            {
                models.Add(model.Model);
            }
        }

        foreach (KeyValuePair<string, string> alias in options.Pricing.Aliases)
        {
            if (!models.Contains(alias.Value))
            {
                failures.Add($"{Section}:Pricing:Aliases:{alias.Key} is '{alias.Value}', which is not a model in the " +
                    $"pricing catalogue. Use a catalogue model id or add a price under {Section}:Pricing:Models:{alias.Value}.");
            }
        }
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
