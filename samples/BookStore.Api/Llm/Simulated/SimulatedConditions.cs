using Microsoft.Extensions.Options;

namespace BookStore.Api.Llm.Simulated;

/// <summary>
/// Latency and random faults of the simulated server. Both come from one generator seeded with
/// <c>BookStore:Llm:Simulated:RandomSeed</c>, so the same sequence of requests gets the same delays and faults.
/// </summary>
internal sealed class SimulatedConditions(IOptions<BookStoreLlmOptions> options)
{
    private static readonly SimulatedFault[] RandomFaults =
        [SimulatedFault.RateLimit, SimulatedFault.ServerError, SimulatedFault.Timeout, SimulatedFault.Malformed];

    private readonly Lock _lock = new();
    private readonly Random _random = new(options.Value.Simulated.RandomSeed);

    private SimulatedLlmOptions Settings => options.Value.Simulated;

    /// <summary>Draws the delay before a response: the mean latency plus a uniform jitter, never below zero.</summary>
    public TimeSpan NextLatency()
    {
        var settings = Settings;
        int jitterMs = 0;
        if (settings.JitterMs > 0)
        {
            lock (_lock)
            {
                jitterMs = _random.Next(-settings.JitterMs, settings.JitterMs + 1);
            }
        }

        return TimeSpan.FromMilliseconds(Math.Max(0, settings.LatencyMs + jitterMs));
    }

    /// <summary>Delay between two chunks of a stream: a tenth of the mean latency.</summary>
    public TimeSpan ChunkDelay => TimeSpan.FromMilliseconds(Settings.LatencyMs / 10.0);

    /// <summary>
    /// Draws whether a request fails because of <c>FaultRate</c>, and which of the four faults it gets.
    /// </summary>
    public SimulatedFault NextRandomFault()
    {
        var faultRate = Settings.FaultRate;
        if (faultRate <= 0)
        {
            return SimulatedFault.None;
        }

        lock (_lock)
        {
            if (_random.NextDouble() >= faultRate)
            {
                return SimulatedFault.None;
            }

            return RandomFaults[_random.Next(RandomFaults.Length)];
        }
    }

    /// <summary>
    /// Delay of a <see cref="SimulatedFault.Timeout"/>: the client's timeout plus 5 s, so the client gives up first.
    /// </summary>
    public TimeSpan TimeoutFaultDelay => TimeSpan.FromSeconds(options.Value.TimeoutSeconds + 5);
}
