using System.Collections.Concurrent;

namespace LlmObservability.Telemetry;

/// <summary>Caps the distinct values one metric attribute may take; later values become <c>other</c>.</summary>
internal sealed class AttributeValueLimiter(int maxDistinctValues)
{
    public const string OverflowValue = "other";

    private readonly ConcurrentDictionary<string, byte> _values = new(StringComparer.Ordinal);

    public string Limit(string value)
    {
        if (_values.ContainsKey(value))
        {
            return value;
        }

        // Two threads may both pass the count check and overshoot the cap by a value each; that is acceptable.
        if (_values.Count >= maxDistinctValues)
        {
            return OverflowValue;
        }

        _values.TryAdd(value, 0);
        return value;
    }
}
