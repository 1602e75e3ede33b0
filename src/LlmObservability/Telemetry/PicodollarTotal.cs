namespace LlmObservability.Telemetry;

/// <summary>A running USD total, exact, and added to without a lock when the amounts are whole picodollars.</summary>
/// <remarks>
/// Calls add to a 64-bit count. Before the count can overflow (at about 4.6 million USD) it is moved into a
/// <see langword="decimal"/> under a lock, so a long-running process keeps an exact total.
/// </remarks>
internal sealed class PicodollarTotal
{
    private const long CarryThreshold = 1L << 62;

    private readonly Lock _carryLock = new();
    private long _picodollars;
    private decimal _carried;

    public void Add(long picodollars)
    {
        if (Interlocked.Add(ref _picodollars, picodollars) >= CarryThreshold)
        {
            lock (_carryLock)
            {
                _carried += Interlocked.Exchange(ref _picodollars, 0);
            }
        }
    }

    /// <summary>Adds an amount in USD, for prices finer than a picodollar per token.</summary>
    public void AddUsd(decimal usd)
    {
        lock (_carryLock)
        {
            _carried += usd * 1_000_000_000_000m;
        }
    }

    /// <summary>Returns the total in USD.</summary>
    public double ReadUsd()
    {
        lock (_carryLock)
        {
            long current = Volatile.Read(ref _picodollars);
            return _carried == 0
                ? current / 1e12
                : Pricing.CostBreakdown.ToNearestDouble((_carried + current) * 0.000000000001m);
        }
    }
}
