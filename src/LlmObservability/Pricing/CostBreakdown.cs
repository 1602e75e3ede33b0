namespace LlmObservability.Pricing;

/// <summary>The USD cost of one call, by component of the token partition.</summary>
internal readonly record struct CostBreakdown(
    decimal Input,
    decimal CacheRead,
    decimal CacheCreation,
    decimal Output,
    decimal Reasoning,
    decimal CacheSavings)
{
    public decimal Total => Input + CacheRead + CacheCreation + Output + Reasoning;

    /// <summary>Computes the cost of <paramref name="usage"/> at <paramref name="pricing"/>'s prices.</summary>
    /// <remarks>
    /// The long-context tier, when the request's total input passes its threshold, prices the whole request. Anthropic's
    /// 1-hour cache writes use their own price when the entry has one. Savings
    /// are what the cache reads would have cost at the plain input price, minus what they did cost.
    /// </remarks>
    public static CostBreakdown Calculate(ModelPricing pricing, in TokenUsage usage)
    {
        PriceSet prices = pricing.SelectPrices(usage.TotalInput ?? 0);

        decimal cacheRead = PerMillion(usage.CacheRead, prices.EffectiveCacheRead);
        return new(
            Input: PerMillion(usage.UncachedInput, prices.Input),
            CacheRead: cacheRead,
            CacheCreation: PerMillion(usage.CacheCreation - usage.CacheCreationOneHour, prices.EffectiveCacheWrite)
                + PerMillion(usage.CacheCreationOneHour, prices.CacheWrite1h ?? prices.EffectiveCacheWrite),
            Output: PerMillion(usage.OutputExcludingReasoning, prices.Output),
            Reasoning: PerMillion(usage.Reasoning, prices.EffectiveReasoning),
            CacheSavings: Math.Max(0m, PerMillion(usage.CacheRead, prices.Input) - cacheRead));
    }

    // Multiplying by 10^-6 is exact in decimal, like dividing by 10^6, and takes about half as long.
    private static decimal PerMillion(long tokens, decimal pricePerMillion) => tokens * pricePerMillion * 0.000001m;
}
