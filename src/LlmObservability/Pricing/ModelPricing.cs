namespace LlmObservability.Pricing;

/// <summary>A catalogue entry: the prices of one model and where they were read.</summary>
/// <param name="Model">The catalogue key, recorded as <c>llm.cost.model</c> on priced spans.</param>
/// <param name="Provider">The <c>gen_ai.provider.name</c> value of the model's owner.</param>
/// <param name="Standard">The standard-tier prices.</param>
/// <param name="LongContextThreshold">Input tokens above which <paramref name="LongContext"/> prices the whole request.</param>
/// <param name="LongContext">The long-context prices, or <see langword="null"/> when the model has no such tier.</param>
/// <param name="ServiceTiers">Prices of service tiers such as <c>batch</c>, <c>flex</c> and <c>priority</c>.</param>
/// <param name="Source">Where the prices were read.</param>
/// <param name="ReadOn">The date the prices were read, as <c>yyyy-MM-dd</c>.</param>
internal sealed record ModelPricing(
    string Model,
    string? Provider,
    PriceSet Standard,
    long? LongContextThreshold,
    PriceSet? LongContext,
    IReadOnlyDictionary<string, PriceSet> ServiceTiers,
    string Source,
    string? ReadOn)
{
    /// <summary>
    /// Selects the prices that apply to a request with <paramref name="inputTokens"/> input tokens, processed in
    /// <paramref name="serviceTier"/>. A service tier the entry prices apart wins over the long-context tier.
    /// </summary>
    public PriceSet SelectPrices(long inputTokens, string? serviceTier = null)
    {
        if (serviceTier is not null && ServiceTiers.Count > 0 && ServiceTiers.TryGetValue(serviceTier, out PriceSet? tierPrices))
        {
            return tierPrices;
        }

        return LongContext is not null && LongContextThreshold is long threshold && inputTokens > threshold
            ? LongContext
            : Standard;
    }
}
