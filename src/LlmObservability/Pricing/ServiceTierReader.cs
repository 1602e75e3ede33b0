using System.Collections.Concurrent;
using System.Reflection;

namespace LlmObservability.Pricing;

/// <summary>
/// Reads the service tier that processed a call from the provider SDK's response object: its <c>ServiceTier</c>
/// property, as on OpenAI's chat completion and streaming update (the <c>service_tier</c> field), or that of its
/// <c>Usage</c> object.
/// </summary>
/// <remarks>Only tiers the catalogue prices apart are returned; <c>default</c>, <c>standard</c> and <c>auto</c> mean the standard prices.</remarks>
internal static class ServiceTierReader
{
    private static readonly string[] PricedTiers = ["batch", "flex", "priority"];
    private static readonly ConcurrentDictionary<Type, Func<object, object?>?> Readers = new();

    /// <summary>Returns <c>batch</c>, <c>flex</c> or <c>priority</c>, or <see langword="null"/> for the standard tier or none.</summary>
    public static string? Read(object? rawResponse)
    {
        if (rawResponse is null)
        {
            return null;
        }

        Func<object, object?>? reader = Readers.GetOrAdd(rawResponse.GetType(), CreateReader);
        string? tier = reader?.Invoke(rawResponse)?.ToString();
        if (tier is null)
        {
            return null;
        }

        foreach (string priced in PricedTiers)
        {
            if (string.Equals(tier, priced, StringComparison.OrdinalIgnoreCase))
            {
                return priced;
            }
        }

        return null;
    }

    private static Func<object, object?>? CreateReader(Type type)
    {
        const BindingFlags Public = BindingFlags.Public | BindingFlags.Instance;
        if (type.GetProperty("ServiceTier", Public) is { } direct)
        {
            return raw => direct.GetValue(raw);
        }

        PropertyInfo? usage = type.GetProperty("Usage", Public);
        PropertyInfo? nested = usage?.PropertyType.GetProperty("ServiceTier", Public);
        if (usage is null || nested is null)
        {
            return null;
        }

        return raw => usage.GetValue(raw) is { } usageValue ? nested.GetValue(usageValue) : null;
    }
}
