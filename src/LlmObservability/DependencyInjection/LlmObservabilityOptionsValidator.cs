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
        List<string> failures = [.. options.ConfigurationErrors];

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

        if (options.PrometheusEndpoint.Port is int port and (< 1 or > 65535))
        {
            failures.Add($"{Section}:PrometheusEndpoint:Port is {Format(port)}; set a TCP port from 1 to 65535.");
        }

        if (options.Otlp.Protocol is string protocol && protocol is not ("grpc" or "http/protobuf"))
        {
            failures.Add($"{Section}:Otlp:Protocol is '{protocol}'; use 'grpc' or 'http/protobuf'.");
        }

        if (options.Otlp.Endpoint is Uri endpoint && (!endpoint.IsAbsoluteUri || endpoint.Scheme is not ("http" or "https")))
        {
            failures.Add($"{Section}:Otlp:Endpoint is '{endpoint}'; set an absolute http or https URL.");
        }

        if (options.Otlp.Headers is string headers && headers.Split(',').Any(static h => h.IndexOf('=', StringComparison.Ordinal) <= 0))
        {
            failures.Add($"{Section}:Otlp:Headers is '{headers}'; write it as key1=value1,key2=value2.");
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
            // A price the binder could not convert is also missing here, and the binder message already names it.
            failures.AddRange(PricingCatalogFactory.Validate(model.Key, model.Value)
                .Where(failure => !options.ConfigurationErrors.Any(error => SameKey(error, failure))));
        }

        List<ModelPricing>? fileModels = options.Pricing.File is string file ? ValidatePricingFile(file, failures) : null;

        if (failures.Count == 0)
        {
            ValidateAliases(options, fileModels, failures);
        }

        return failures.Count == 0 ? ValidateOptionsResult.Success : ValidateOptionsResult.Fail(failures);
    }

    /// <summary>Returns whether two messages start with the same "{key} is" subject.</summary>
    private static bool SameKey(string first, string second)
    {
        int end = first.IndexOf(" is ", StringComparison.Ordinal);
        return end > 0 && second.Length > end && string.CompareOrdinal(first, 0, second, 0, end + 4) == 0;
    }

    private static void ValidateAliases(LlmObservabilityOptions options, List<ModelPricing>? fileModels, List<string> failures)
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

        foreach (ModelPricing model in fileModels ?? [])
        {
            models.Add(model.Model);
        }

        foreach (KeyValuePair<string, string> alias in options.Pricing.Aliases)
        {
            if (string.IsNullOrWhiteSpace(alias.Value))
            {
                failures.Add($"{Section}:Pricing:Aliases:{alias.Key} is empty; set the catalogue model id that prices this deployment.");
            }
            else if (!models.Contains(alias.Value))
            {
                failures.Add($"{Section}:Pricing:Aliases:{alias.Key} is '{alias.Value}', which is not a model in the " +
                    $"pricing catalogue. Use a catalogue model id or add a price under {Section}:Pricing:Models:{alias.Value}.");
            }
        }
    }

    /// <summary>Loads the pricing file to check it, and returns its models, or <see langword="null"/> when it is invalid.</summary>
    private static List<ModelPricing>? ValidatePricingFile(string file, List<string> failures)
    {
        if (Directory.Exists(file))
        {
            failures.Add($"{Section}:Pricing:File is '{file}', which is a folder. Set the path of a JSON pricing file.");
            return null;
        }

        if (!File.Exists(file))
        {
            failures.Add($"{Section}:Pricing:File is '{file}', which does not exist (full path '{Path.GetFullPath(file)}'). " +
                "Fix the path or remove the setting.");
            return null;
        }

        try
        {
            return PricingFile.Load(file).Models;
        }
        catch (Exception exception) when (exception is FormatException or IOException or UnauthorizedAccessException)
        {
            failures.Add($"{Section}:Pricing:File is invalid: {exception.Message}");
            return null;
        }
    }

    private static string Format(int value) => value.ToString(CultureInfo.InvariantCulture);
}
