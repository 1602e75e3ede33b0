using System.Globalization;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace LlmObservability.Pricing;

/// <summary>
/// Reads LiteLLM's <c>model_prices_and_context_window.json</c> format: one object per model with prices per token
/// (<c>input_cost_per_token</c>, <c>cache_read_input_token_cost</c>, ...), converted here to USD per million tokens.
/// </summary>
/// <remarks>
/// Entries without <c>input_cost_per_token</c> (image, audio and search pricing) are skipped, and so are entries
/// without <c>output_cost_per_token</c> unless their <c>mode</c> is <c>embedding</c>: pricing their output at 0 would
/// under-count spend without a word, while a skipped model is counted as unpriced.
/// </remarks>
internal static partial class LiteLlmPricingJson
{
    private const decimal TokensPerMillion = 1_000_000m;

    // The same bound as PriceSet.MaxPricePerMillion, in this format's USD per token.
    private const decimal MaxPricePerToken = PriceSet.MaxPricePerMillion / TokensPerMillion;

    /// <summary>Returns whether <paramref name="root"/> looks like LiteLLM's format rather than ours.</summary>
    public static bool IsLiteLlmFormat(JsonElement root) =>
        root.ValueKind == JsonValueKind.Object && !root.TryGetProperty("models", out _);

    public static (List<ModelPricing> Models, Dictionary<string, string> Aliases) Parse(
        JsonElement root, string sourceName, Func<string, int> lineOf)
    {
        List<ModelPricing> models = [];
        foreach (JsonProperty entry in root.EnumerateObject())
        {
            if (entry.Value.ValueKind != JsonValueKind.Object || entry.Name == "sample_spec"
                || !entry.Value.TryGetProperty("input_cost_per_token", out _)
                || (!HasValue(entry.Value, "output_cost_per_token") && !IsEmbeddingEntry(entry.Value)))
            {
                continue;
            }

            string context = $"model '{entry.Name}' at line {lineOf(entry.Name)} of {sourceName}";
            models.Add(ParseModel(entry.Name, entry.Value, context, sourceName));
        }

        return (models, new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase));
    }

    private static ModelPricing ParseModel(string name, JsonElement entry, string context, string sourceName)
    {
        PriceSet standard = new(
            Required(entry, "input_cost_per_token", context),
            PerMillion(entry, "output_cost_per_token", context) ?? 0m,
            PerMillion(entry, "cache_read_input_token_cost", context),
            PerMillion(entry, "cache_creation_input_token_cost", context),
            PerMillion(entry, "cache_creation_input_token_cost_above_1hr", context),
            PerMillion(entry, "output_cost_per_reasoning_token", context));

        (long? threshold, PriceSet? longContext) = ParseLongContext(entry, standard, context);

        Dictionary<string, PriceSet> tiers = new(StringComparer.OrdinalIgnoreCase);
        AddTier(tiers, "batch", entry, "_batches", standard, context);
        AddTier(tiers, "flex", entry, "_flex", standard, context);
        AddTier(tiers, "priority", entry, "_priority", standard, context);

        string? provider = entry.TryGetProperty("litellm_provider", out JsonElement p) && p.ValueKind == JsonValueKind.String
            ? p.GetString()
            : null;
        return new ModelPricing(name, provider, standard, threshold, longContext, tiers, sourceName, null);
    }

    /// <summary>Reads the first <c>*_above_{N}k_tokens</c> price and the tier it defines.</summary>
    private static (long? Threshold, PriceSet? Prices) ParseLongContext(JsonElement entry, PriceSet standard, string context)
    {
        foreach (JsonProperty property in entry.EnumerateObject())
        {
            Match match = AboveThreshold().Match(property.Name);
            if (!match.Success)
            {
                continue;
            }

            string suffix = match.Value;
            long threshold = long.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) * 1000;
            PriceSet prices = new(
                PerMillion(entry, "input_cost_per_token" + suffix, context) ?? standard.Input,
                PerMillion(entry, "output_cost_per_token" + suffix, context) ?? standard.Output,
                PerMillion(entry, "cache_read_input_token_cost" + suffix, context) ?? standard.CacheRead,
                PerMillion(entry, "cache_creation_input_token_cost" + suffix, context) ?? standard.CacheWrite,
                standard.CacheWrite1h,
                standard.Reasoning);
            return (threshold, prices);
        }

        return (null, null);
    }

    private static void AddTier(
        Dictionary<string, PriceSet> tiers, string tier, JsonElement entry, string suffix, PriceSet standard, string context)
    {
        decimal? input = PerMillion(entry, "input_cost_per_token" + suffix, context);
        decimal? output = PerMillion(entry, "output_cost_per_token" + suffix, context);
        if (input is null && output is null)
        {
            return;
        }

        tiers[tier] = new PriceSet(
            input ?? standard.Input,
            output ?? standard.Output,
            PerMillion(entry, "cache_read_input_token_cost" + suffix, context) ?? standard.CacheRead,
            standard.CacheWrite,
            standard.CacheWrite1h,
            standard.Reasoning);
    }

    private static bool HasValue(JsonElement entry, string property) =>
        entry.TryGetProperty(property, out JsonElement value) && value.ValueKind != JsonValueKind.Null;

    private static bool IsEmbeddingEntry(JsonElement entry) =>
        entry.TryGetProperty("mode", out JsonElement mode) && mode.ValueKind == JsonValueKind.String
        && mode.ValueEquals("embedding");

    private static decimal Required(JsonElement entry, string property, string context) =>
        PerMillion(entry, property, context) ?? throw new FormatException($"The {context} has no '{property}'.");

    private static decimal? PerMillion(JsonElement entry, string property, string context)
    {
        if (!entry.TryGetProperty(property, out JsonElement value) || value.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (value.ValueKind != JsonValueKind.Number)
        {
            throw new FormatException($"The '{property}' of {context} is not a number: {value.GetRawText()}.");
        }

        if (!value.TryGetDecimal(out decimal perToken))
        {
            // A JSON number that does not fit in a decimal is far outside the accepted range.
            throw new FormatException(
                $"The '{property}' of {context} is {value.GetRawText()} USD per token, outside the accepted range of 0 to " +
                $"{MaxPricePerToken.ToString(CultureInfo.InvariantCulture)}.");
        }

        if (perToken < 0)
        {
            throw new FormatException($"The '{property}' of {context} is negative: {value.GetRawText()}.");
        }

        if (perToken > MaxPricePerToken)
        {
            throw new FormatException(
                $"The '{property}' of {context} is {value.GetRawText()} USD per token, above the largest accepted price of " +
                $"{MaxPricePerToken.ToString(CultureInfo.InvariantCulture)}.");
        }

        return perToken * TokensPerMillion;
    }

    [GeneratedRegex(@"_above_(\d+)k_tokens$", RegexOptions.CultureInvariant)]
    private static partial Regex AboveThreshold();
}
