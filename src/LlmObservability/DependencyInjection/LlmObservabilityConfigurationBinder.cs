using System.Globalization;
using Microsoft.Extensions.Configuration;

namespace LlmObservability;

/// <summary>
/// Binds the <c>LlmObservability</c> section and records the values the binder would otherwise drop without a word:
/// the configuration binder skips a dictionary entry whose value does not convert, so a price of <c>abc</c> or
/// <c>2,5</c> would leave the model unpriced or on its built-in price.
/// </summary>
internal static class LlmObservabilityConfigurationBinder
{
    private static readonly string[] PriceFields =
        [nameof(LlmModelPrice.Input), nameof(LlmModelPrice.Output), nameof(LlmModelPrice.CacheRead),
         nameof(LlmModelPrice.CacheWrite), nameof(LlmModelPrice.Reasoning)];

    public static void Bind(IConfiguration? configuration, LlmObservabilityOptions options)
    {
        if (configuration is null)
        {
            return;
        }

        IConfigurationSection section = configuration.GetSection(LlmObservabilityDefaults.ConfigurationSectionName);
        section.Bind(options);

        foreach (IConfigurationSection model in section.GetSection("Pricing:Models").GetChildren())
        {
            foreach (string field in PriceFields)
            {
                string? value = model[field];
                if (value is { Length: 0 })
                {
                    options.ConfigurationErrors.Add(
                        $"{model.Path}:{field} is empty. Set the price in USD per million tokens, as in 2.5, or remove the key.");
                }
                else if (value is not null && !decimal.TryParse(value, NumberStyles.Float, CultureInfo.InvariantCulture, out _))
                {
                    options.ConfigurationErrors.Add(
                        $"{model.Path}:{field} is '{value}', which is not a number. Set the price in USD per million " +
                        "tokens with '.' as the decimal separator, as in 2.5.");
                }
            }
        }
    }
}
