namespace LlmObservability.Pricing;

/// <summary>Prices of one model in one tier, in USD per million tokens.</summary>
/// <remarks>
/// A missing cache or reasoning price falls back to the plain input or output price. When every price has at most six
/// decimal places, each is also kept as a whole number of picodollars (10^-12 USD) per token, which the cost
/// calculation multiplies by; see <see cref="CostBreakdown"/>.
/// </remarks>
internal sealed record PriceSet
{
    /// <summary>The largest accepted price, 1 USD per token; far above any real price, and safe from overflow.</summary>
    public const decimal MaxPricePerMillion = 1_000_000m;

    public PriceSet(
        decimal Input,
        decimal Output,
        decimal? CacheRead = null,
        decimal? CacheWrite = null,
        decimal? CacheWrite1h = null,
        decimal? Reasoning = null)
    {
        this.Input = Input;
        this.Output = Output;
        this.CacheRead = CacheRead;
        this.CacheWrite = CacheWrite;
        this.CacheWrite1h = CacheWrite1h;
        this.Reasoning = Reasoning;

        // Non-short-circuit '&', so that every price is converted and the flag covers all six.
        IsWholePicodollars =
            TryToPicodollars(Input, out long input)
            & TryToPicodollars(Output, out long output)
            & TryToPicodollars(EffectiveCacheRead, out long cacheRead)
            & TryToPicodollars(EffectiveCacheWrite, out long cacheWrite)
            & TryToPicodollars(CacheWrite1h ?? EffectiveCacheWrite, out long cacheWrite1h)
            & TryToPicodollars(EffectiveReasoning, out long reasoning);
        if (IsWholePicodollars)
        {
            InputPerToken = input;
            OutputPerToken = output;
            CacheReadPerToken = cacheRead;
            CacheWritePerToken = cacheWrite;
            CacheWrite1hPerToken = cacheWrite1h;
            ReasoningPerToken = reasoning;
        }
    }

    public decimal Input { get; }

    public decimal Output { get; }

    public decimal? CacheRead { get; }

    public decimal? CacheWrite { get; }

    public decimal? CacheWrite1h { get; }

    public decimal? Reasoning { get; }

    public decimal EffectiveCacheRead => CacheRead ?? Input;

    public decimal EffectiveCacheWrite => CacheWrite ?? Input;

    public decimal EffectiveReasoning => Reasoning ?? Output;

    /// <summary>Gets whether every price is a whole number of picodollars per token, so the per-token fields are set.</summary>
    public bool IsWholePicodollars { get; }

    /// <summary>Gets the input price in picodollars per token.</summary>
    public long InputPerToken { get; }

    /// <summary>Gets the output price in picodollars per token.</summary>
    public long OutputPerToken { get; }

    /// <summary>Gets the cache-read price in picodollars per token, the input price when there is none.</summary>
    public long CacheReadPerToken { get; }

    /// <summary>Gets the cache-write price in picodollars per token, the input price when there is none.</summary>
    public long CacheWritePerToken { get; }

    /// <summary>Gets the 1-hour cache-write price in picodollars per token, the cache-write price when there is none.</summary>
    public long CacheWrite1hPerToken { get; }

    /// <summary>Gets the reasoning price in picodollars per token, the output price when there is none.</summary>
    public long ReasoningPerToken { get; }

    // USD per million tokens times 10^6 is picodollars per token. The parsers and the options validator keep prices
    // from 0 to MaxPricePerMillion, so a whole result fits easily in a long.
    private static bool TryToPicodollars(decimal pricePerMillion, out long picodollars)
    {
        decimal perToken = pricePerMillion * 1_000_000m;
        bool whole = decimal.IsInteger(perToken);
        picodollars = whole ? (long)perToken : 0;
        return whole;
    }
}
