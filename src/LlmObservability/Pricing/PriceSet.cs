namespace LlmObservability.Pricing;

/// <summary>Prices of one model in one tier, in USD per million tokens.</summary>
/// <remarks>A missing cache or reasoning price falls back to the plain input or output price.</remarks>
internal sealed record PriceSet(
    decimal Input,
    decimal Output,
    decimal? CacheRead = null,
    decimal? CacheWrite = null,
    decimal? CacheWrite1h = null,
    decimal? Reasoning = null)
{
    public decimal EffectiveCacheRead => CacheRead ?? Input;

    public decimal EffectiveCacheWrite => CacheWrite ?? Input;

    public decimal EffectiveReasoning => Reasoning ?? Output;
}
