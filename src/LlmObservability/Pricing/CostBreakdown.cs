using System.Globalization;

namespace LlmObservability.Pricing;

/// <summary>A part of a call's cost, by component of the token partition.</summary>
internal enum CostComponent
{
    Input,
    CacheRead,
    CacheCreation,
    Output,
    Reasoning,
    CacheSavings,
    Total,
}

/// <summary>The exact cost of one call, by component of the token partition.</summary>
/// <remarks>
/// Every built-in price is a whole number of picodollars (10^-12 USD) per token, that is, has at most six decimal places
/// in USD per million tokens. For such prices the cost is computed in 64-bit integers of picodollars, which gives
/// the same exact result as <see langword="decimal"/> arithmetic at a fraction of its cost. A price with finer digits
/// is computed in <see langword="decimal"/>. A product that does not fit in 64 bits (over 9.2 million USD for one
/// call) throws <see cref="OverflowException"/>, which the caller counts as a pricing failure.
/// </remarks>
internal readonly struct CostBreakdown
{
    // Picodollars by component when every price is whole picodollars per token. Otherwise _usd contains the USD values.
    private readonly long _input;
    private readonly long _cacheRead;
    private readonly long _cacheCreation;
    private readonly long _output;
    private readonly long _reasoning;
    private readonly long _cacheSavings;
    private readonly long _total;
    private readonly decimal[]? _usd;

    private CostBreakdown(long input, long cacheRead, long cacheCreation, long output, long reasoning, long cacheSavings)
    {
        _input = input;
        _cacheRead = cacheRead;
        _cacheCreation = cacheCreation;
        _output = output;
        _reasoning = reasoning;
        _cacheSavings = cacheSavings;
        _total = checked(input + cacheRead + cacheCreation + output + reasoning);
    }

    private CostBreakdown(decimal[] usd)
    {
        _usd = usd;
    }

    public decimal Input => Usd(CostComponent.Input);

    public decimal CacheRead => Usd(CostComponent.CacheRead);

    public decimal CacheCreation => Usd(CostComponent.CacheCreation);

    public decimal Output => Usd(CostComponent.Output);

    public decimal Reasoning => Usd(CostComponent.Reasoning);

    public decimal CacheSavings => Usd(CostComponent.CacheSavings);

    public decimal Total => Usd(CostComponent.Total);

    /// <summary>Computes the cost of <paramref name="usage"/> at <paramref name="pricing"/>'s prices.</summary>
    /// <remarks>
    /// A service tier that the entry prices apart (batch, flex, priority) prices the whole request. Otherwise the
    /// long-context tier, when the request's total input passes its threshold, prices the whole request. Anthropic's
    /// 1-hour cache writes use their own price when the entry has one. Savings are what the cache reads would have
    /// cost at the plain input price, minus what they did cost.
    /// </remarks>
    public static CostBreakdown Calculate(ModelPricing pricing, in TokenUsage usage, string? serviceTier = null)
    {
        PriceSet prices = pricing.SelectPrices(usage.TotalInput ?? 0, serviceTier);
        return prices.IsWholePicodollars ? CalculatePicodollars(prices, usage) : CalculateDecimal(prices, usage);
    }

    /// <summary>Returns a component in USD, exactly.</summary>
    public decimal Usd(CostComponent component) =>
        _usd is not null ? _usd[(int)component] : ToUsd(Picodollars(component));

    /// <summary>Returns a component in USD as the nearest <see langword="double"/> (for amounts below 9,007 USD).</summary>
    public double UsdDouble(CostComponent component) =>
        _usd is not null ? ToNearestDouble(_usd[(int)component]) : Picodollars(component) / 1e12;

    /// <summary>Converts a decimal to the nearest double, which the explicit conversion does not always give.</summary>
    /// <remarks>Formatting and parsing is slow, so it serves only prices finer than a picodollar per token.</remarks>
    public static double ToNearestDouble(decimal value) =>
        double.Parse(value.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture);

    /// <summary>Returns whether a component is above zero.</summary>
    public bool IsPositive(CostComponent component) =>
        _usd is not null ? _usd[(int)component] > 0 : Picodollars(component) > 0;

    /// <summary>Adds a component to a running total, exactly.</summary>
    public void AddTo(Telemetry.PicodollarTotal total, CostComponent component)
    {
        if (_usd is not null)
        {
            total.AddUsd(_usd[(int)component]);
        }
        else
        {
            total.Add(Picodollars(component));
        }
    }

    private long Picodollars(CostComponent component) => component switch
    {
        CostComponent.Input => _input,
        CostComponent.CacheRead => _cacheRead,
        CostComponent.CacheCreation => _cacheCreation,
        CostComponent.Output => _output,
        CostComponent.Reasoning => _reasoning,
        CostComponent.CacheSavings => _cacheSavings,
        _ => _total,
    };

    private static CostBreakdown CalculatePicodollars(PriceSet prices, in TokenUsage usage)
    {
        long cacheRead = checked(usage.CacheRead * prices.CacheReadPerToken);
        long input = checked(usage.UncachedInput * prices.InputPerToken);
        long cacheCreation = checked(
            ((usage.CacheCreation - usage.CacheCreationOneHour) * prices.CacheWritePerToken)
            + (usage.CacheCreationOneHour * prices.CacheWrite1hPerToken));
        long output = checked(usage.OutputExcludingReasoning * prices.OutputPerToken);
        long reasoning = checked(usage.Reasoning * prices.ReasoningPerToken);
        long savings = Math.Max(0, checked((usage.CacheRead * prices.InputPerToken) - cacheRead));
        return new(input, cacheRead, cacheCreation, output, reasoning, savings);
    }

    private static CostBreakdown CalculateDecimal(PriceSet prices, in TokenUsage usage)
    {
        decimal cacheRead = PerMillion(usage.CacheRead, prices.EffectiveCacheRead);
        decimal input = PerMillion(usage.UncachedInput, prices.Input);
        decimal cacheCreation = PerMillion(usage.CacheCreation - usage.CacheCreationOneHour, prices.EffectiveCacheWrite)
            + PerMillion(usage.CacheCreationOneHour, prices.CacheWrite1h ?? prices.EffectiveCacheWrite);
        decimal output = PerMillion(usage.OutputExcludingReasoning, prices.Output);
        decimal reasoning = PerMillion(usage.Reasoning, prices.EffectiveReasoning);
        decimal savings = Math.Max(0m, PerMillion(usage.CacheRead, prices.Input) - cacheRead);
        decimal total = input + cacheRead + cacheCreation + output + reasoning;
        return new([input, cacheRead, cacheCreation, output, reasoning, savings, total]);
    }

    // Multiplying by 10^-6 is exact in decimal, like dividing by 10^6, and faster.
    private static decimal PerMillion(long tokens, decimal pricePerMillion) => tokens * pricePerMillion * 0.000001m;

    // A decimal with scale 12 whose integer part is the picodollar count: exact, and no arithmetic.
    private static decimal ToUsd(long picodollars) =>
        picodollars >= 0
            ? new decimal((int)picodollars, (int)(picodollars >> 32), 0, isNegative: false, scale: 12)
            : -ToUsd(-picodollars);
}
