using System.Collections.Concurrent;

namespace LlmObservability.Telemetry;

/// <summary>Caps the distinct values one metric attribute may take; later values become <c>other</c>.</summary>
internal sealed class AttributeValueLimiter(int maxDistinctValues)
{
    public const string OverflowValue = "other";

    private readonly ConcurrentDictionary<string, string> _values = new(StringComparer.Ordinal);

    /// <summary>
    /// Returns the first-seen instance of an equal value, so that later calls can compare values by reference, or
    /// <see cref="OverflowValue"/> once the cap is reached.
    /// </summary>
    public string Limit(string value)
    {
        if (_values.TryGetValue(value, out string? known))
        {
            return known;
        }

        // Two threads may both pass the count check and overshoot the cap by a value each; that is acceptable.
        if (_values.Count >= maxDistinctValues)
        {
            return OverflowValue;
        }

        return _values.GetOrAdd(value, value);
    }
}
