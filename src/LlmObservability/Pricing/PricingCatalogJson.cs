using System.Globalization;
using System.Text.Json;

namespace LlmObservability.Pricing;

/// <summary>Reads catalogue files in this library's own JSON format (prices in USD per million tokens).</summary>
internal static class PricingCatalogJson
{
    private const string BuiltInResourceName = "LlmObservability.Pricing.models.json";

    private static readonly string[] TierNames = ["batch", "flex", "priority"];

    /// <summary>Loads the catalogue embedded in this assembly.</summary>
    public static (List<ModelPricing> Models, Dictionary<string, string> Aliases) LoadBuiltIn()
    {
        using Stream stream = typeof(PricingCatalogJson).Assembly.GetManifestResourceStream(BuiltInResourceName)
            ?? throw new InvalidOperationException($"The embedded pricing catalogue '{BuiltInResourceName}' is missing from the assembly.");
        using JsonDocument document = JsonDocument.Parse(stream);
        return Parse(document.RootElement, "the built-in pricing catalogue");
    }

    /// <summary>Parses a catalogue document; <paramref name="sourceName"/> names it in error messages.</summary>
    public static (List<ModelPricing> Models, Dictionary<string, string> Aliases) Parse(
        JsonElement root, string sourceName, Func<string, int>? lineOf = null)
    {
        if (!root.TryGetProperty("models", out JsonElement models) || models.ValueKind != JsonValueKind.Object)
        {
            throw new FormatException($"The pricing catalogue in {sourceName} has no 'models' object.");
        }

        List<ModelPricing> result = [];
        Dictionary<string, string> aliases = new(StringComparer.OrdinalIgnoreCase);
        foreach (JsonProperty model in models.EnumerateObject())
        {
            string context = lineOf is null
                ? $"model '{model.Name}' in {sourceName}"
                : $"model '{model.Name}' at line {lineOf(model.Name)} of {sourceName}";
            result.Add(ParseModel(model.Name, model.Value, context, sourceName));

            if (model.Value.TryGetProperty("aliases", out JsonElement aliasList))
            {
                foreach (JsonElement alias in aliasList.EnumerateArray())
                {
                    string aliasName = alias.GetString()
                        ?? throw new FormatException($"An alias of {context} is null.");
                    if (!aliases.TryAdd(aliasName, model.Name))
                    {
                        throw new FormatException(
                            $"The alias '{aliasName}' of {context} is already an alias of '{aliases[aliasName]}'.");
                    }
                }
            }
        }

        return (result, aliases);
    }

    private static ModelPricing ParseModel(string name, JsonElement entry, string context, string sourceName)
    {
        PriceSet standard = ParsePriceSet(entry, context);

        long? threshold = null;
        PriceSet? longContext = null;
        if (entry.TryGetProperty("longContext", out JsonElement longContextElement))
        {
            if (!longContextElement.TryGetProperty("threshold", out JsonElement thresholdElement))
            {
                throw new FormatException(
                    $"The long-context tier of {context} has no 'threshold'. Set it to the input token count above which the tier applies.");
            }

            if (!thresholdElement.TryGetInt64(out long thresholdValue) || thresholdValue <= 0)
            {
                throw new FormatException(
                    $"The long-context 'threshold' of {context} is {thresholdElement.GetRawText()}. Set a positive integer number of input tokens.");
            }

            threshold = thresholdValue;
            longContext = ParsePriceSet(longContextElement, context + " long-context tier", standard);
        }

        Dictionary<string, PriceSet> tiers = new(StringComparer.OrdinalIgnoreCase);
        if (entry.TryGetProperty("tiers", out JsonElement tiersElement))
        {
            foreach (JsonProperty tier in tiersElement.EnumerateObject())
            {
                if (Array.IndexOf(TierNames, tier.Name) < 0)
                {
                    throw new FormatException(
                        $"The service tier '{tier.Name}' of {context} is not one of: {string.Join(", ", TierNames)}.");
                }

                tiers[tier.Name] = ParsePriceSet(tier.Value, $"{context} tier '{tier.Name}'", standard);
            }
        }

        // The built-in catalogue must cite a source (a test checks it); a user's file may leave it out.
        string source = ReadString(entry, "source") ?? sourceName;
        return new ModelPricing(name, ReadString(entry, "provider"), standard, threshold, longContext, tiers, source,
            ReadString(entry, "readOn"));
    }

    /// <summary>Reads a price set; prices absent from a tier fall back to <paramref name="fallback"/>'s.</summary>
    private static PriceSet ParsePriceSet(JsonElement element, string context, PriceSet? fallback = null)
    {
        decimal input = ReadPrice(element, "input", context) ?? fallback?.Input
            ?? throw new FormatException($"The {context} has no 'input' price.");
        decimal output = ReadPrice(element, "output", context) ?? fallback?.Output
            ?? throw new FormatException($"The {context} has no 'output' price.");

        return new PriceSet(
            input,
            output,
            ReadPrice(element, "cacheRead", context) ?? fallback?.CacheRead,
            ReadPrice(element, "cacheWrite", context) ?? fallback?.CacheWrite,
            ReadPrice(element, "cacheWrite1h", context) ?? fallback?.CacheWrite1h,
            ReadPrice(element, "reasoning", context) ?? fallback?.Reasoning);
    }

    private static decimal? ReadPrice(JsonElement element, string property, string context)
    {
        if (!element.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"The '{property}' price of {context} is not a number: {value.GetRawText()}.");
        }

        if (!value.TryGetDecimal(out decimal price))
        {
            // A JSON number that does not fit in a decimal is far outside the accepted range.
            throw new FormatException(
                $"The '{property}' price of {context} is {value.GetRawText()} USD per million tokens, outside the accepted " +
                $"range of 0 to {PriceSet.MaxPricePerMillion.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (price < 0)
        {
            throw new FormatException(
                $"The '{property}' price of {context} is negative: {price.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (price > PriceSet.MaxPricePerMillion)
        {
            throw new FormatException(
                $"The '{property}' price of {context} is {price.ToString(CultureInfo.InvariantCulture)} USD per million tokens, " +
                $"above the largest accepted price of {PriceSet.MaxPricePerMillion.ToString(CultureInfo.InvariantCulture)}.");
        }

        return price;
    }

    private static string? ReadString(JsonElement element, string property) =>
        element.TryGetProperty(property, out JsonElement value) && value.ValueKind == JsonValueKind.String
            ? value.GetString()
            : null;
}
