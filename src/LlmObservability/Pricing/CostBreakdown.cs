namespace LlmObservability.Pricing;

/// <summary>The cost of one call, by component of the token partition, in picodollars (10^-12 USD).</summary>
/// <remarks>
/// Whole picodollars keep the arithmetic exact and fast: a cost is a sum of token counts times integer per-token
/// prices, and sums of costs over many calls stay exact. A product that does not fit in 64 bits (over 9.2 million USD
/// for one call) throws <see cref="OverflowException"/>, which the caller counts as a pricing failure.
/// </remarks>
internal readonly record struct CostBreakdown(
    long InputPicodollars,
    long CacheReadPicodollars,
    long CacheCreationPicodollars,
    long OutputPicodollars,
    long ReasoningPicodollars,
    long CacheSavingsPicodollars)
{
    public long TotalPicodollars =>
        checked(InputPicodollars + CacheReadPicodollars + CacheCreationPicodollars + OutputPicodollars + ReasoningPicodollars);

    public decimal Input => ToUsd(InputPicodollars);

    public decimal CacheRead => ToUsd(CacheReadPicodollars);

    public decimal CacheCreation => ToUsd(CacheCreationPicodollars);

    public decimal Output => ToUsd(OutputPicodollars);

    public decimal Reasoning => ToUsd(ReasoningPicodollars);

    public decimal CacheSavings => ToUsd(CacheSavingsPicodollars);

    public decimal Total => ToUsd(TotalPicodollars);

    /// <summary>Computes the cost of <paramref name="usage"/> at <paramref name="pricing"/>'s prices.</summary>
    /// <remarks>
    /// The long-context tier, when the request's total input passes its threshold, prices the whole request. Anthropic's
    /// 1-hour cache writes use their own price when the entry has one. Savings are what the cache reads would have
    /// cost at the plain input price, minus what they did cost.
    /// </remarks>
    public static CostBreakdown Calculate(ModelPricing pricing, in TokenUsage usage)
    {
        PriceSet prices = pricing.SelectPrices(usage.TotalInput ?? 0);

        long cacheRead = checked(usage.CacheRead * prices.CacheReadPerToken);
        return new(
            InputPicodollars: checked(usage.UncachedInput * prices.InputPerToken),
            CacheReadPicodollars: cacheRead,
            CacheCreationPicodollars: checked(
                ((usage.CacheCreation - usage.CacheCreationOneHour) * prices.CacheWritePerToken)
                + (usage.CacheCreationOneHour * prices.CacheWrite1hPerToken)),
            OutputPicodollars: checked(usage.OutputExcludingReasoning * prices.OutputPerToken),
            ReasoningPicodollars: checked(usage.Reasoning * prices.ReasoningPerToken),
            CacheSavingsPicodollars: Math.Max(0, checked((usage.CacheRead * prices.InputPerToken) - cacheRead)));
    }

    /// <summary>Converts picodollars to USD as the nearest <see langword="double"/>.</summary>
    /// <remarks>Both operands are exact doubles below 2^53 picodollars (9,007 USD), so the one division rounds once.</remarks>
    public static double ToUsdDouble(long picodollars) => picodollars / 1e12;

    // A decimal with scale 12 whose integer part is the picodollar count: exact, and no arithmetic.
    private static decimal ToUsd(long picodollars) =>
        picodollars >= 0
            ? new decimal((int)picodollars, (int)(picodollars >> 32), 0, isNegative: false, scale: 12)
            : -ToUsd(-picodollars);
}
